/**
 * Eligibility of the structure porteuse by its INSEE "catégorie juridique" (niveau III, 4 digits), as DS returns it
 * in `entreprise.formeJuridiqueCode`. Only the automatic pre-check uses this; the instructeur has the last word.
 */

export const LEGAL_CATEGORIES = ['association', 'cooperative', 'societe_commerciale', 'autre'] as const;
export type LegalCategory = (typeof LEGAL_CATEGORIES)[number];

export const LEGAL_CATEGORY_LABELS: Record<LegalCategory, string> = {
  association: 'Association',
  cooperative: 'Coopérative',
  societe_commerciale: 'Société commerciale',
  autre: 'Autre forme juridique',
};

/** 9210 (association non déclarée) is deliberately absent: it has no legal personality. */
export const ASSOCIATION_CODES: readonly string[] = ['9220', '9221', '9222', '9223', '9230', '9260'];

function range(from: number, to: number): string[] {
  const out: string[] = [];
  for (let c = from; c <= to; c++) out.push(String(c));
  return out;
}

/** The co-operative codes of the INSEE nomenclature (SCOP, SCIC registered as such, CUMA, unions...). */
export const COOPERATIVE_CODES: readonly string[] = [
  ...new Set([
    '5458',
    '5460',
    '5558',
    '5658',
    '5560',
    '5660',
    '5443',
    '5451',
    ...range(5453, 5459),
    '5543',
    ...range(5551, 5559),
    ...range(5651, 5659),
    '6316',
    '6317',
    '6318',
    '6543',
    '6551',
    '6554',
    '6558',
    '6560',
    '5203',
    '5307',
    '5309',
    // Co-operatives by their INSEE label that the numeric ranges above missed (issue 15): 5547 "SA coopérative de
    // production d'HLM à conseil d'administration", 5643 "SA coopérative de construction à directoire", 5647 "Société
    // coopérative de production d'HLM anonyme à directoire", 5195 "Association coopérative inscrite (droit local
    // Alsace Moselle)". Seed 001: "personne morale de droit privé constituée sous la forme de coopérative,
    // d'association ou de société commerciale agréée ESUS".
    '5547',
    '5643',
    '5647',
    '5195',
  ]),
].sort();

/**
 * Plain SAS / SARL codes: a SCIC or a CAE constituted as an SAS or a SARL carries them, so the code alone cannot
 * tell a co-operative from an ordinary company; the instructeur must read the statuts.
 */
export const AMBIGUOUS_COOPERATIVE_CODES: readonly string[] = ['5710', '5499'];

/** Normalise what callers give us ("5710", " 5710 ", 5710) to the 4-digit code, or null. */
export function normaliseLegalFormCode(code: string | number | null | undefined): string | null {
  if (code == null) return null;
  const s = String(code).trim();
  return /^\d{4}$/.test(s) ? s : null;
}

export function legalCategoryOf(inseeCode: string | number | null | undefined): LegalCategory {
  const code = normaliseLegalFormCode(inseeCode);
  if (code === null) return 'autre';
  if (ASSOCIATION_CODES.includes(code)) return 'association';
  if (COOPERATIVE_CODES.includes(code)) return 'cooperative';
  const n = Number(code);
  if (n >= 5200 && n <= 5899) return 'societe_commerciale';
  return 'autre';
}

export function isAmbiguousCooperativeForm(inseeCode: string | number | null | undefined): boolean {
  const code = normaliseLegalFormCode(inseeCode);
  return code !== null && AMBIGUOUS_COOPERATIVE_CODES.includes(code);
}

/** Labels of the common INSEE legal forms (nomenclature des catégories juridiques, niveau III). */
export const LEGAL_FORM_LABELS: Readonly<Record<string, string>> = {
  '1000': 'Entrepreneur individuel',
  '3120': 'Société commerciale étrangère immatriculée au RCS',
  '4110': 'Établissement public national à caractère industriel ou commercial',
  '5195': 'Association coopérative inscrite (droit local Alsace Moselle)',
  '5202': 'Société en nom collectif',
  '5203': 'Société en nom collectif coopérative',
  '5306': 'Société en commandite simple',
  '5307': 'Société en commandite simple coopérative',
  '5308': 'Société en commandite par actions',
  '5309': 'Société en commandite par actions coopérative',
  '5443': 'SARL coopérative de construction',
  '5451': 'SARL coopérative de consommation',
  '5453': 'SARL coopérative artisanale',
  '5454': 'SARL coopérative d’intérêt maritime',
  '5455': 'SARL coopérative de transport',
  '5458': 'SARL coopérative ouvrière de production (SCOP)',
  '5459': 'SARL union de sociétés coopératives',
  '5460': 'Autre SARL coopérative',
  '5485': 'Société d’exercice libéral à responsabilité limitée',
  '5488': 'Entreprise unipersonnelle à responsabilité limitée',
  '5498': 'SARL unipersonnelle',
  '5499': 'SARL',
  '5505': 'SA à participation ouvrière à conseil d’administration',
  '5515': 'SA d’économie mixte à conseil d’administration',
  '5543': 'SA coopérative de construction à conseil d’administration',
  '5546': 'SA d’HLM à conseil d’administration',
  '5547': 'SA coopérative de production d’HLM à conseil d’administration',
  '5551': 'SA coopérative de consommation à conseil d’administration',
  '5552': 'SA coopérative de commerçants-détaillants à conseil d’administration',
  '5553': 'SA coopérative artisanale à conseil d’administration',
  '5554': 'SA coopérative d’intérêt maritime à conseil d’administration',
  '5555': 'SA coopérative de transport à conseil d’administration',
  '5558': 'SA coopérative ouvrière de production (SCOP) à conseil d’administration',
  '5559': 'SA union de sociétés coopératives à conseil d’administration',
  '5560': 'SA coopérative',
  '5599': 'SA à conseil d’administration',
  '5643': 'SA coopérative de construction à directoire',
  '5646': 'SA d’HLM à directoire',
  '5647': 'Société coopérative de production d’HLM anonyme à directoire',
  '5658': 'SA coopérative ouvrière de production (SCOP) à directoire',
  '5660': 'SA coopérative à directoire',
  '5699': 'SA à directoire',
  '5710': 'SAS, société par actions simplifiée',
  '5720': 'SAS unipersonnelle',
  '5785': 'Société d’exercice libéral par actions simplifiée',
  '5800': 'Société européenne',
  '6316': 'Coopérative d’utilisation de matériel agricole en commun (CUMA)',
  '6317': 'Société coopérative agricole',
  '6318': 'Union de sociétés coopératives agricoles',
  '6540': 'Société civile immobilière',
  '6543': 'Société civile coopérative de construction',
  '6551': 'Société civile coopérative de consommation',
  '6554': 'Société civile coopérative d’intérêt maritime',
  '6558': 'Société civile coopérative entre médecins',
  '6560': 'Autre société civile coopérative',
  '6599': 'Autre société civile',
  // INSEE: 7210 is the commune, 7220 the département.
  '7210': 'Commune et commune nouvelle',
  '7220': 'Département',
  '7229': 'Autre collectivité territoriale',
  '7230': 'Région',
  '7344': 'Métropole',
  '7346': 'Communauté de communes',
  '7348': 'Communauté d’agglomération',
  '7354': 'Syndicat mixte fermé',
  '7355': 'Syndicat mixte ouvert',
  '7383': 'Établissement public national à caractère scientifique culturel et professionnel',
  '7490': 'Autre personne morale de droit administratif',
  '8210': 'Mutuelle',
  '8290': 'Autre organisme mutualiste',
  '8410': 'Syndicat de salariés',
  '8420': 'Syndicat patronal',
  '8490': 'Autre organisme professionnel',
  '9210': 'Association non déclarée',
  '9220': 'Association déclarée',
  '9221': 'Association déclarée d’insertion par l’économique',
  '9222': 'Association intermédiaire',
  '9223': 'Groupement d’employeurs',
  '9230': 'Association déclarée, reconnue d’utilité publique',
  '9260': 'Association de droit local (Bas-Rhin, Haut-Rhin et Moselle)',
  '9300': 'Fondation',
  '9900': 'Autre personne morale de droit privé',
};

/** Label of an INSEE legal form code, falling back on the category ("Société commerciale (5785)"). */
export function legalFormLabel(inseeCode: string | number | null | undefined): string | undefined {
  const code = normaliseLegalFormCode(inseeCode);
  if (code === null) return undefined;
  return LEGAL_FORM_LABELS[code] ?? `${LEGAL_CATEGORY_LABELS[legalCategoryOf(code)]} (${code})`;
}
