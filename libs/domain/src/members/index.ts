/**
 * The members of a PTCE (the partnership), one row per organisation.
 *
 * Seed 001 ("Description des acteurs impliqués"): "Etre un regroupement sur un même territoire de réseaux, entreprises
 * et structures de l'ESS associés à des entreprises industrielles et commerciales et, le cas échéant, des collectivités
 * locales, des centres de recherche et organismes de formation". Seed 003 (characterisation) also counts
 * "institutions" among the kinds of members.
 */
import { isValidSiret, normaliseSiret } from '../siret';

export const MEMBER_KIND_CODES = ['ess', 'entreprise', 'collectivite', 'recherche', 'formation', 'institution', 'autre'] as const;
export type MemberKind = (typeof MEMBER_KIND_CODES)[number];

export const MEMBER_KINDS: readonly { code: MemberKind; label: string }[] = [
  { code: 'ess', label: 'Structure de l’ESS' },
  { code: 'entreprise', label: 'Entreprise industrielle ou commerciale' },
  { code: 'collectivite', label: 'Collectivité locale' },
  { code: 'recherche', label: 'Centre de recherche' },
  { code: 'formation', label: 'Organisme de formation' },
  { code: 'institution', label: 'Institution' },
  { code: 'autre', label: 'Autre' },
];

export function isMemberKind(x: unknown): x is MemberKind {
  return typeof x === 'string' && (MEMBER_KIND_CODES as readonly string[]).includes(x);
}

export interface DossierMember {
  name: string;
  siret: string | null;
  kind: MemberKind;
}

export const MEMBER_NAME_MAX_LENGTH = 300;
export const MEMBERS_MAX = 500;

/**
 * Validates and normalises a member list (PUT body or an import). Errors are French, keyed by field
 * (`members.3.siret`); an empty result means the list is acceptable. Duplicate SIRETs are refused.
 */
export function validateMembers(input: unknown): { members: DossierMember[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const members: DossierMember[] = [];
  if (!Array.isArray(input)) return { members, errors: { members: 'La liste des membres doit être un tableau.' } };
  if (input.length > MEMBERS_MAX) return { members, errors: { members: `Au plus ${MEMBERS_MAX} membres.` } };
  const seen = new Map<string, number>();
  input.forEach((raw, i) => {
    const f = `members.${i}`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors[f] = 'Chaque membre doit être un objet {name, siret, kind}.';
      return;
    }
    const r = raw as Record<string, unknown>;
    for (const k of Object.keys(r)) if (!['name', 'siret', 'kind'].includes(k)) errors[`${f}.${k}`] = 'Champ inconnu.';
    const name = typeof r.name === 'string' ? r.name.trim() : '';
    if (name === '') errors[`${f}.name`] = 'Le nom du membre est obligatoire.';
    else if (name.length > MEMBER_NAME_MAX_LENGTH) errors[`${f}.name`] = `Le nom du membre dépasse ${MEMBER_NAME_MAX_LENGTH} caractères.`;
    let siret: string | null = null;
    if (r.siret !== undefined && r.siret !== null && r.siret !== '') {
      if (typeof r.siret !== 'string' || !isValidSiret(normaliseSiret(r.siret))) {
        errors[`${f}.siret`] = 'SIRET invalide (14 chiffres, clé de contrôle).';
      } else {
        siret = normaliseSiret(r.siret);
        const prev = seen.get(siret);
        if (prev !== undefined) errors[`${f}.siret`] = `SIRET déjà indiqué pour le membre n° ${prev + 1}.`;
        else seen.set(siret, i);
      }
    }
    if (!isMemberKind(r.kind)) errors[`${f}.kind`] = `Nature inconnue (attendu : ${MEMBER_KIND_CODES.join(', ')}).`;
    if (!Object.keys(errors).some((k) => k === f || k.startsWith(`${f}.`))) members.push({ name, siret, kind: r.kind as MemberKind });
  });
  return { members, errors };
}

const plain = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();

/**
 * The member kind named by a free text, as a DS "Nature" champ or a file column gives it ("Structure de l'ESS",
 * "Entreprise", "Collectivité", "Centre de recherche", "Organisme de formation", "Institution"); null if unknown.
 */
export function memberKindFromText(text: string | null | undefined): MemberKind | null {
  if (!text) return null;
  const t = plain(text);
  if (isMemberKind(t)) return t;
  if (/\bess\b|economie sociale|association|cooperative|scop|scic|insertion|mutuelle|fondation/.test(t)) return 'ess';
  if (
    /collectivite|commune|mairie|departement|conseil (general|regional|departemental)|region|intercommunal|agglomeration|metropole|epci|communaute de communes/.test(
      t,
    )
  )
    return 'collectivite';
  if (/recherche|laboratoire|universite|cnrs|inra/.test(t)) return 'recherche';
  if (/formation|lycee|ecole|enseignement|afpa|greta/.test(t)) return 'formation';
  if (/entreprise|societe|industri|commerc|\bsa\b|\bsas\b|\bsarl\b/.test(t)) return 'entreprise';
  if (/institution|chambre|etat|prefecture|pole emploi|caisse des depots|banque publique|agence/.test(t)) return 'institution';
  if (/autre/.test(t)) return 'autre';
  return null;
}

/** Counts per kind (every kind present, 0 when none). */
export function memberKindCounts(members: readonly { kind: string }[]): Record<MemberKind, number> {
  const out = Object.fromEntries(MEMBER_KIND_CODES.map((k) => [k, 0])) as Record<MemberKind, number>;
  for (const m of members) if (isMemberKind(m.kind)) out[m.kind]++;
  return out;
}
