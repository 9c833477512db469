import {
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  getNamedType,
  isAbstractType,
  isInterfaceType,
  isObjectType,
  isRequiredArgument,
} from 'graphql';
import { DEMO_PROJECTS } from './demo-data';
import { LABELS, REGIONS, TERRITOIRE_FRAGILE_OPTIONS } from './form';
import { generateDemo, generateDossiers, GenerateOptions, SPECIAL_SLOTS } from './generate';
import { luhnValid } from './luhn';
import { loadSchema, startDsStandin } from './server';
import type { DsChamp, DsDossier, DsPersonneMorale } from './types';

const DEADLINE = new Date('2021-06-23T21:59:59Z');
const base: GenerateOptions = { count: 150, seed: 2021, demarcheNumber: 45021, phase: 1, deadline: DEADLINE, baseUrl: 'http://ds.test' };

const pm = (d: DsDossier): DsPersonneMorale => {
  if (d.demandeur.__typename !== 'PersonneMorale') throw new Error(`dossier ${d.number}: ${d.demandeur.__typename}`);
  return d.demandeur;
};
const champ = (d: DsDossier, label: string): DsChamp | undefined => d.champs.find((c) => c.label === label);

describe('generateDossiers', () => {
  const dossiers = generateDossiers(base);

  it('is deterministic for a seed and varies with it', () => {
    expect(generateDossiers(base)).toEqual(dossiers);
    const other = generateDossiers({ ...base, seed: 2022 });
    expect(other.map((d) => pm(d).siret)).not.toEqual(dossiers.map((d) => pm(d).siret));
  });

  it('numbers dossiers from startNumber and uses the demo projects and their regions', () => {
    expect(dossiers.map((d) => d.number)).toEqual(Array.from({ length: 150 }, (_, i) => 5_100_001 + i));
    dossiers.forEach((d, i) => {
      const p = DEMO_PROJECTS[i % DEMO_PROJECTS.length];
      const name = champ(d, LABELS.nomProjet);
      expect(name?.stringValue?.startsWith(p?.name ?? '?')).toBe(true);
      const region = champ(d, LABELS.region);
      if (region?.__typename !== 'RegionChamp') throw new Error('no region champ');
      expect(region.region?.code).toBe(p?.regionCode);
    });
  });

  it('gives unique, Luhn-valid SIRENs and SIRETs', () => {
    const sirets = dossiers.map((d) => pm(d).siret);
    expect(new Set(sirets).size).toBe(sirets.length);
    for (const d of dossiers) {
      const p = pm(d);
      expect(p.siret).toMatch(/^\d{14}$/);
      expect(luhnValid(p.siret)).toBe(true);
      expect(luhnValid(p.entreprise?.siren ?? '')).toBe(true);
      expect(p.siret.startsWith(p.entreprise?.siren ?? '?')).toBe(true);
    }
  });

  it('uses exactly the form labels of DOMAIN.md, phase 2 adding "Montant demandé"', () => {
    const labels = new Set(dossiers.flatMap((d) => d.champs.map((c) => c.label)));
    for (const l of Object.values(LABELS)) if (l !== LABELS.montantDemande) expect(labels).toContain(l);
    expect(labels).not.toContain(LABELS.montantDemande);
    const p2 = generateDossiers({ ...base, phase: 2, count: 5, demarcheNumber: 45022 });
    const montant = champ(p2[0] as DsDossier, LABELS.montantDemande);
    expect(montant?.__typename).toBe('DecimalNumberChamp');
    expect(p2[0]?.number).toBe(5_600_001);
  });

  it('types champs as the schema does', () => {
    const d = dossiers.find((x) => champ(x, LABELS.dateAgrementEsus)) as DsDossier;
    expect(champ(d, LABELS.agrementEsus)).toMatchObject({ __typename: 'YesNoChamp', value: true, stringValue: 'Oui' });
    expect(champ(d, LABELS.dateAgrementEsus)).toMatchObject({
      __typename: 'DateChamp',
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    const fragile = champ(d, LABELS.territoireFragile);
    if (fragile?.__typename !== 'MultipleDropDownListChamp') throw new Error('territoire fragile');
    for (const v of fragile.values) expect(TERRITOIRE_FRAGILE_OPTIONS).toContain(v);
    const schema = loadSchema();
    const champInterface = schema.getType('Champ');
    if (!isInterfaceType(champInterface)) throw new Error('Champ');
    const impls = new Set(schema.getPossibleTypes(champInterface).map((t) => t.name));
    for (const c of dossiers.flatMap((x) => x.champs)) expect(impls).toContain(c.__typename);
  });

  it('puts lateCount dossiers after the deadline and removes statuts from missingStatutsCount others', () => {
    const set = generateDemo({ ...base, count: 40, lateCount: 3, missingStatutsCount: 2 });
    const late = set.dossiers.filter((d) => Date.parse(d.dateDepot) > DEADLINE.getTime());
    expect(late.map((d) => d.number).sort()).toEqual([...set.lateNumbers].sort());
    expect(late).toHaveLength(3);
    const noStatuts = set.dossiers.filter((d) => {
      const c = champ(d, LABELS.statuts);
      return c?.__typename === 'PieceJustificativeChamp' && c.files.length === 0;
    });
    expect(noStatuts.map((d) => d.number).sort()).toEqual([...set.missingStatutsNumbers].sort());
    expect(noStatuts).toHaveLength(2);
    expect(set.lateNumbers.filter((n) => set.missingStatutsNumbers.includes(n))).toEqual([]);
  });

  it('public bodies of Annexe 2 carry their real INSEE category (7xxx), hence are ineligible (issue 15)', () => {
    // Seed 004, Annexe 2 lists a mairie, a conseil général, agglomerations and a university among the 2011 answers;
    // seed 001: the structure porteuse is a "personne morale de droit privé".
    const formOf = (start: RegExp) =>
      dossiers.filter((d) => start.test(pm(d).entreprise?.raisonSociale ?? '')).map((d) => pm(d).entreprise?.formeJuridiqueCode);
    expect(new Set(formOf(/^Mairie\b/))).toEqual(new Set(['7210']));
    expect(new Set(formOf(/^Conseil Général\b/))).toEqual(new Set(['7220']));
    expect(new Set(formOf(/^Communauté d'Agglomération\b/))).toEqual(new Set(['7348']));
    expect(new Set(formOf(/^Univ\b/))).toEqual(new Set(['7383']));
  });

  it('varies legal forms: mostly associations, co-operatives, ESUS companies, one company without ESUS, one foundation', () => {
    const codes = dossiers.map((d) => pm(d).entreprise?.formeJuridiqueCode);
    const count = (c: string): number => codes.filter((x) => x === c).length;
    expect(count('9220')).toBeGreaterThan(dossiers.length / 2);
    expect(count('5458')).toBeGreaterThan(0);
    expect(count('5560')).toBeGreaterThan(0);
    expect(count('9300')).toBe(1);
    const esus = (d: DsDossier): boolean => {
      const c = champ(d, LABELS.agrementEsus);
      return c?.__typename === 'YesNoChamp' && c.value === true;
    };
    const sas = dossiers.filter((d) => pm(d).entreprise?.formeJuridiqueCode === '5710');
    expect(sas.filter((d) => !esus(d))).toHaveLength(1);
    expect(sas.filter(esus).length).toBeGreaterThan(0);
    expect(pm(dossiers[SPECIAL_SLOTS.fondation] as DsDossier).entreprise?.formeJuridique).toBe('Fondation');
  });

  it('keeps people fictitious: example.org e-mails, phones in the ranges reserved for fiction', () => {
    for (const d of dossiers) {
      expect(d.usager.email).toMatch(/^[a-z0-9.+-]+@example\.org$/);
      expect(champ(d, LABELS.courrielReferent)?.stringValue).toMatch(/@example\.org$/);
      const phone = (champ(d, LABELS.telephoneReferent)?.stringValue ?? '').replace(/\s/g, '').replace(/^\+33/, '0');
      expect(phone).toMatch(/^(0199|026191|035301|046571|053649|063998)/);
    }
  });

  it('writes varied texts of varied length', () => {
    const texts = dossiers.map((d) => champ(d, LABELS.gouvernance)?.stringValue ?? '');
    expect(new Set(texts).size).toBeGreaterThan(100);
    const lengths = texts.map((x) => x.length);
    expect(Math.max(...lengths)).toBeGreaterThan(3 * Math.min(...lengths));
    expect(texts.join(' ')).toMatch(/assemblée générale/);
  });

  it('lets phase 2 reuse the structures of the phase-1 projects it invites', () => {
    const invited = [3, 17, 42];
    const p2 = generateDossiers({ ...base, phase: 2, demarcheNumber: 45022, count: 3, projectIndices: invited });
    p2.forEach((d, i) => expect(pm(d).siret).toBe(pm(dossiers[invited[i] as number] as DsDossier).siret));
  });

  it('cycles through the projects when count exceeds the list', () => {
    const many = generateDossiers({ ...base, count: DEMO_PROJECTS.length + 2 });
    const first = champ(many[0] as DsDossier, LABELS.nomProjet)?.stringValue;
    const wrapped = champ(many[DEMO_PROJECTS.length] as DsDossier, LABELS.nomProjet)?.stringValue;
    expect(wrapped).toBe(`${first} 2`);
    expect(pm(many[DEMO_PROJECTS.length] as DsDossier).siret).not.toBe(pm(many[0] as DsDossier).siret);
  });

  it('maps every region to a known code', () => {
    const codes = new Set(REGIONS.map((r) => r.code));
    for (const d of dossiers) expect(codes).toContain(pm(d).address.regionCode);
  });
});

/** Selects every field of a type (aliased inside fragments so differently typed `value`s do not clash). */
function selectAll(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, path: Set<string>): string {
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const fieldsOf = (t: GraphQLNamedType, alias: string | null): string[] => {
    if (!isObjectType(t) && !isInterfaceType(t)) return [];
    const out: string[] = [];
    for (const f of Object.values(t.getFields()) as GraphQLField<unknown, unknown>[]) {
      if (f.args.some(isRequiredArgument)) continue;
      const named = getNamedType(f.type);
      const name = alias ? `${alias}_${f.name}: ${f.name}` : f.name;
      if (isObjectType(named) || isAbstractType(named)) {
        if (depth <= 0 || path.has(named.name)) continue;
        const inner = selectAll(schema, named, depth - 1, new Set([...path, named.name]));
        if (inner) out.push(`${name} { ${inner} }`);
      } else {
        out.push(name);
      }
    }
    return out;
  };
  const parts = ['__typename', ...fieldsOf(type, null)];
  if (isInterfaceType(type)) {
    for (const impl of schema.getPossibleTypes(type)) parts.push(`... on ${impl.name} { ${fieldsOf(impl, impl.name).join(' ')} }`);
  }
  return parts.join(' ');
}

describe('generated dossiers against the whole schema', () => {
  it('resolve every field of Dossier without a null in a non-null place', async () => {
    const s = await startDsStandin({
      dossiers: { 45021: { ...base, count: 20, lateCount: 1, missingStatutsCount: 1 }, 45022: { ...base, phase: 2, count: 5 } },
    });
    try {
      const schema = loadSchema();
      const dossierType = schema.getType('Dossier') as GraphQLNamedType;
      const query = `query All($n: Int!) { dossier(number: $n) { ${selectAll(schema, dossierType, 3, new Set(['Dossier']))} } }`;
      for (const n of [5_100_001, 5_100_012, 5_100_013, 5_600_001]) {
        const res = await fetch(s.url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ query, variables: { n } }),
        });
        const body = (await res.json()) as { data?: { dossier?: { number: number } }; errors?: unknown[] };
        expect(body.errors).toBeUndefined();
        expect(body.data?.dossier?.number).toBe(n);
      }
      const demarche = await fetch(s.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          query: `{ demarche(number: 45022) { ${selectAll(schema, schema.getType('Demarche') as GraphQLNamedType, 2, new Set(['Demarche']))} } }`,
        }),
      });
      const dbody = (await demarche.json()) as {
        data?: { demarche?: { activeRevision: { champDescriptors: { label: string }[] } } };
        errors?: unknown[];
      };
      expect(dbody.errors).toBeUndefined();
      expect(dbody.data?.demarche?.activeRevision.champDescriptors.map((c) => c.label)).toContain(LABELS.montantDemande);
    } finally {
      await s.close();
    }
  });
});

describe('texts consistent with the characterisation (issue 15)', () => {
  // Seed 001: "Territoires fragiles (quartiers prioritaires de la politique de la ville, zones de revitalisation
  // rurale, bassins d'emploi désindustrialisés) ou propices à la coopération".
  it('no QPV, ZRR or deindustrialisation sentence the "Territoire fragile" answer contradicts, and each kind ticked is named', () => {
    const all = generateDossiers({
      count: 150,
      seed: 2021,
      demarcheNumber: 45021,
      phase: 1,
      deadline: new Date('2021-06-23T21:59:59Z'),
      baseUrl: 'http://ds.test',
    });
    const text = (d: DsDossier, label: string) => {
      const c = d.champs.find((x) => x.label === label);
      return c && 'stringValue' in c ? (c.stringValue ?? '') : '';
    };
    for (const d of all) {
      const fragile = text(d, LABELS.territoireFragile);
      const perimetre = text(d, LABELS.perimetre);
      if (!perimetre) continue;
      expect([d.number, /quartiers prioritaires/.test(perimetre)]).toEqual([d.number, fragile.includes('QPV')]);
      expect([d.number, /revitalisation rurale/.test(perimetre)]).toEqual([d.number, fragile.includes('ZRR')]);
      expect([d.number, /sites industriels/.test(perimetre)]).toEqual([d.number, fragile.includes('désindustrialisé')]);
    }
  });
});
