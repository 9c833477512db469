import { normaliseLabel } from '@ptce/domain';
import type { DsDossierNode } from '../ds/ds-queries';
import { dsRecord } from '../ds/ds-record';
import { defaultMappingFields, effectiveMapping, toStoredMapping, validateMappingFields } from './ds-mapping';
import { contentHash, legalFormCodeFrom, mapRecord, membersFromRows, SourceRecord } from './map-record';
import { asBoolean, asDay, asEuros, asInstant, asRegion, fragileTerritoryCodes, SourceValue } from './values';

const DEADLINE = new Date('2021-06-23T21:59:59Z');
const cell = (text: string | null): SourceValue => ({ kind: 'cell', text });

function record(over: Partial<SourceRecord> = {}, champs: Record<string, SourceValue> = {}): SourceRecord {
  const base: Record<string, SourceValue> = {
    'Nom du projet': { kind: 'text', text: 'Pôle de coopération' },
    Région: { kind: 'region', code: '53', name: 'Bretagne' },
    'Agrément ESUS': { kind: 'boolean', value: true, text: 'Oui' },
    "Date de l'agrément ESUS": { kind: 'date', date: '2019-03-14', text: '14 mars 2019' },
    'Territoire fragile': { kind: 'list', values: ['QPV', "Bassin d'emploi désindustrialisé"] },
    'Mode de gouvernance': { kind: 'text', text: 'Collèges' },
    'Indicateurs de suivi et d’évaluation': { kind: 'text', text: 'Emplois créés' },
    'Montant demandé': { kind: 'number', value: 45000.5, text: '45000.5' },
    ...champs,
  };
  return {
    dsNumber: 42,
    depositedAt: new Date('2021-06-20T10:00:00Z'),
    demandeur: {
      kind: 'morale',
      siret: '73282932000074',
      name: 'Association X',
      legalForm: 'Association déclarée',
      legalFormCode: '9220',
      regionCode: '53',
    },
    champs: new Map(Object.entries(base).map(([k, v]) => [normaliseLabel(k), v])),
    ...over,
  };
}

describe('mapRecord', () => {
  const ctx = { phase: 2 as const, deadline: DEADLINE, mapping: defaultMappingFields() };

  it('maps the AMI headings, whatever the apostrophes, and converts euros to cents', () => {
    const r = mapRecord(record(), ctx);
    if (!r.ok) throw new Error(r.reason);
    expect(r.dossier).toMatchObject({
      projectName: 'Pôle de coopération',
      region: '53',
      structureLegalCategory: 'association',
      structureEsus: true,
      structureEsusDate: '2019-03-14',
      fragileTerritory: ['qpv', 'bassin_desindustrialise'],
      amountRequestedCents: 4500050,
      lateDeposit: false,
    });
    expect(r.dossier.sections).toMatchObject({ gouvernance: 'Collèges', indicateurs: 'Emplois créés', objectifs: null });
    expect(r.warnings).toEqual([]);
  });

  it('refuses a Luhn-invalid SIRET, a missing project name, an individual', () => {
    expect(
      mapRecord(
        record({
          demandeur: { kind: 'morale', siret: '73282932000075', name: 'X', legalForm: null, legalFormCode: null, regionCode: null },
        }),
        ctx,
      ),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/SIRET.*invalide/),
    });
    expect(mapRecord(record({}, { 'Nom du projet': { kind: 'text', text: '  ' } }), ctx)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/Nom du projet absent/),
    });
    expect(mapRecord(record({ demandeur: { kind: 'physique', name: 'A B' } }), ctx)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/personne physique/),
    });
  });

  it('follows an edited mapping and flags a late deposit', () => {
    const mapping = { ...defaultMappingFields(), projectName: 'Intitulé du pôle' };
    const r = mapRecord(
      record({ depositedAt: new Date('2021-06-23T22:00:00Z') }, { 'INTITULE DU POLE': { kind: 'text', text: 'Autre nom' } }),
      { ...ctx, mapping },
    );
    expect(r).toMatchObject({ ok: true, dossier: { projectName: 'Autre nom', lateDeposit: true } });
  });

  it('hashes content without file URLs', () => {
    const a = mapRecord(
      record(
        {},
        { 'Statuts de la structure porteuse': { kind: 'files', files: [{ filename: 's.pdf', checksum: 'abc', url: 'http://x/1?sig=1' }] } },
      ),
      ctx,
    );
    const b = mapRecord(
      record(
        {},
        { 'Statuts de la structure porteuse': { kind: 'files', files: [{ filename: 's.pdf', checksum: 'abc', url: 'http://x/1?sig=2' }] } },
      ),
      ctx,
    );
    if (!a.ok || !b.ok) throw new Error('mapping failed');
    expect(contentHash(a.dossier, null)).toBe(contentHash(b.dossier, null));
    expect(contentHash(a.dossier, null)).not.toBe(contentHash({ ...a.dossier, projectName: 'Autre' }, null));
  });
});

describe('cell readers', () => {
  it('read yes/no, days, instants in Paris time, euros and regions', () => {
    expect(asBoolean(cell('Oui'))).toBe(true);
    expect(asBoolean(cell('non'))).toBe(false);
    expect(asBoolean(cell('peut-être'))).toBeUndefined();
    expect(asDay(cell('14/03/2019'))).toBe('2019-03-14');
    expect(asDay(cell('14 mars 2019'))).toBe('2019-03-14');
    expect(asInstant(cell('2021-06-20T14:32:10+02:00'))?.toISOString()).toBe('2021-06-20T12:32:10.000Z');
    expect(asInstant(cell('20/06/2021 14:32'))?.toISOString()).toBe('2021-06-20T12:32:00.000Z');
    expect(asInstant(cell('hier'))).toBeUndefined();
    expect(asEuros(cell('12 000,50 €'))).toBe(12000.5);
    expect(asEuros(cell('12.000,50'))).toBe(12000.5);
    expect(asRegion(cell('Provence-Alpes-Côte d’Azur'))).toBe('93');
    expect(asRegion(cell('Limousin'))).toBe('75');
    expect(asRegion(cell('Atlantide'))).toBeUndefined();
  });

  it('map the DS options of "Territoire fragile"', () => {
    expect(fragileTerritoryCodes(['ZRR', 'Aucun', 'Lune'])).toEqual({ codes: ['zrr'], unknown: ['Lune'] });
  });

  it('find a legal form code from its label', () => {
    expect(legalFormCodeFrom(null, 'Association déclarée')).toBe('9220');
    expect(legalFormCodeFrom(null, '5710 - SAS')).toBe('5710');
    expect(legalFormCodeFrom(null, 'inconnue')).toBeNull();
  });
});

describe('mapping storage', () => {
  it('stores only the differences and validates labels', () => {
    const fields = { ...defaultMappingFields(), projectName: 'Intitulé', 'sections.planActions3ans': null };
    const stored = toStoredMapping(fields);
    expect(stored.fields).toEqual({ projectName: 'Intitulé', 'sections.planActions3ans': null });
    expect(effectiveMapping(stored)).toEqual(fields);
    expect(validateMappingFields({ projectName: null, inconnu: 'x' })).toEqual({
      'fields.projectName': expect.stringMatching(/obligatoire/),
      'fields.inconnu': 'Cible inconnue.',
    });
  });
});

describe('DS dossier → record', () => {
  const node = (demandeur: DsDossierNode['demandeur']): DsDossierNode => ({
    id: 'RG9zc2llci0x',
    number: 77,
    state: 'en_construction',
    archived: false,
    dateDepot: '2021-06-20T14:32:10+02:00',
    datePassageEnInstruction: null,
    dateTraitement: null,
    dateDerniereModification: '2021-06-20T14:32:10+02:00',
    usager: { email: 'u@example.org' },
    demandeur,
    champs: [
      { __typename: 'HeaderSectionChamp', id: 'h', champDescriptorId: 'h', label: 'Le projet', stringValue: null, updatedAt: '' },
      { __typename: 'TextChamp', id: 'a', champDescriptorId: 'a', label: 'Nom du projet', stringValue: 'P', updatedAt: '', text: 'P' },
      {
        __typename: 'RegionChamp',
        id: 'b',
        champDescriptorId: 'b',
        label: 'Région',
        stringValue: 'Bretagne',
        updatedAt: '',
        region: { name: 'Bretagne', code: '53' },
      },
      {
        __typename: 'YesNoChamp',
        id: 'c',
        champDescriptorId: 'c',
        label: 'Agrément ESUS',
        stringValue: 'Non',
        updatedAt: '',
        yesNo: false,
      },
    ],
  });

  it('imports a PersonneMoraleIncomplete with a warning, and reads typed champs', () => {
    const rec = dsRecord(node({ __typename: 'PersonneMoraleIncomplete', siret: '73282932000074' }));
    expect(rec.depositedAt?.toISOString()).toBe('2021-06-20T12:32:10.000Z');
    const r = mapRecord(rec, { phase: 1, deadline: DEADLINE, mapping: defaultMappingFields() });
    expect(r).toMatchObject({
      ok: true,
      dossier: {
        projectName: 'P',
        region: '53',
        structureName: 'Structure SIRET 73282932000074',
        structureLegalCategory: 'autre',
        structureEsus: false,
      },
      warnings: [expect.stringMatching(/données INSEE indisponibles/)],
    });
  });
});

describe('members from the repetition champ "Membres du PTCE" (issue 15)', () => {
  // Seed 001: "un regroupement … de réseaux, entreprises et structures de l'ESS associés à des entreprises
  // industrielles et commerciales et, le cas échéant, des collectivités locales, des centres de recherche et
  // organismes de formation".
  const ctx = { phase: 1 as const, deadline: DEADLINE, mapping: defaultMappingFields() };
  const row = (o: Record<string, string | null>) => new Map(Object.entries(o).map(([k, v]) => [normaliseLabel(k), v]));

  it('reads one member per row: name, SIRET, nature (kind from its French label)', () => {
    const warnings: string[] = [];
    const members = membersFromRows(
      {
        kind: 'rows',
        rows: [
          row({
            'Nom du membre': 'Recyclerie du Trégor',
            'SIRET du membre': '732 829 320 00074',
            'Nature du membre': 'Structure de l’ESS',
          }),
          row({
            'Nom du membre': 'Menuiserie Le Goff',
            'SIRET du membre': '12345678900000',
            'Nature du membre': 'Entreprise industrielle ou commerciale',
          }),
          row({ 'Nom du membre': 'Université de Bretagne', 'SIRET du membre': null, 'Nature du membre': 'Centre de recherche' }),
          row({ 'Nom du membre': 'Club des partenaires', 'SIRET du membre': null, 'Nature du membre': 'Mécène' }),
          row({ 'Nom du membre': null, 'SIRET du membre': null, 'Nature du membre': null }),
        ],
      },
      warnings,
    );
    expect(members).toEqual([
      { name: 'Recyclerie du Trégor', siret: '73282932000074', kind: 'ess' },
      { name: 'Menuiserie Le Goff', siret: null, kind: 'entreprise' },
      { name: 'Université de Bretagne', siret: null, kind: 'recherche' },
      { name: 'Club des partenaires', siret: null, kind: 'autre' },
    ]);
    expect(warnings).toEqual([
      'Membre n° 4 (« Club des partenaires ») : nature « Mécène » non reconnue, classé « autre ».',
      'Membre « Menuiserie Le Goff » : SIRET invalide (14 chiffres, clé de contrôle). SIRET ignoré.',
    ]);
  });

  it('no champ: null (the list is kept); mapRecord carries the members', () => {
    expect(membersFromRows(undefined, [])).toBeNull();
    expect(mapRecord(record(), ctx)).toMatchObject({ ok: true, dossier: { members: null } });
    const r = mapRecord(
      record(
        {},
        { 'Membres du PTCE': { kind: 'rows', rows: [row({ 'Nom du membre': 'Coop', 'Nature du membre': 'Structure de l’ESS' })] } },
      ),
      ctx,
    );
    expect(r).toMatchObject({ ok: true, dossier: { members: [{ name: 'Coop', siret: null, kind: 'ess' }] } });
  });

  it('dsRecord reads a RepetitionChamp into rows', () => {
    const rec = dsRecord({
      number: 1,
      dateDepot: '2021-06-20T12:32:10Z',
      demandeur: null,
      champs: [
        {
          __typename: 'RepetitionChamp',
          id: 'r',
          champDescriptorId: 'r',
          label: 'Membres du PTCE',
          stringValue: '',
          updatedAt: '',
          rows: [
            {
              champs: [
                { label: 'Nom du membre', stringValue: 'Coop' },
                { label: 'Nature du membre', stringValue: 'Entreprise' },
              ],
            },
          ],
        },
      ],
    } as unknown as DsDossierNode);
    expect(membersFromRows(rec.champs.get(normaliseLabel('Membres du PTCE')), [])).toEqual([
      { name: 'Coop', siret: null, kind: 'entreprise' },
    ]);
  });
});
