import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { DS_DELETED_QUERY, DS_DOSSIERS_QUERY } from './ds-queries';
import { graphqlEndpoint, rateLimitWaitMs } from './ds-client';

// The real DS schema the stand-in serves (a copy of DS's published schema.graphql).
const schema = buildSchema(readFileSync(join(__dirname, '../../../../ds-standin/schema.graphql'), 'utf8'));

describe('the importer’s DS queries', () => {
  it.each([
    ['ImportDossiers', DS_DOSSIERS_QUERY],
    ['ImportDeletedDossiers', DS_DELETED_QUERY],
  ])('%s is valid against DS’s schema', (_name, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });

  it('asks for the legal form code that list_dossiers.graphql lacks', () => {
    expect(DS_DOSSIERS_QUERY).toMatch(/formeJuridiqueCode/);
    expect(DS_DOSSIERS_QUERY).toMatch(/updatedSince: \$updatedSince/);
  });

  it('would be refused if it asked for a field DS does not have (the check is real)', () => {
    const wrong = DS_DOSSIERS_QUERY.replace('formeJuridiqueCode', 'formeJuridiqueInconnue');
    expect(validate(schema, parse(wrong)).length).toBeGreaterThan(0);
  });
});

describe('DS client helpers', () => {
  it('accepts the site URL or the GraphQL endpoint', () => {
    expect(graphqlEndpoint('https://www.demarches-simplifiees.fr')).toBe('https://www.demarches-simplifiees.fr/api/v2/graphql');
    expect(graphqlEndpoint('http://127.0.0.1:4010/api/v2/graphql')).toBe('http://127.0.0.1:4010/api/v2/graphql');
  });

  it('reads RateLimit-Reset in seconds (or as an epoch) and Retry-After', () => {
    expect(rateLimitWaitMs(new Headers({ 'RateLimit-Reset': '3' }))).toBe(3000);
    expect(rateLimitWaitMs(new Headers({ 'RateLimit-Reset': '2000000010' }), 2_000_000_000_000)).toBe(10_000);
    expect(rateLimitWaitMs(new Headers({ 'Retry-After': '7' }))).toBe(7000);
    expect(rateLimitWaitMs(new Headers())).toBeNull();
  });
});
