/**
 * The phase-2 lauréat's convention (issue 15; seed 001: phase 2 brings "un soutien financier spécifique de l'Etat"
 * "pour l'animation des coopérations"): amount, duration (2 years by default), payment schedule (instalments with
 * planned and paid dates) and the dossier's own follow-up indicators ("Indicateurs de suivi et d'évaluation pour
 * l'atteinte des objectifs", seed 001), each with a target and a reported value. Pure: validation and defaults.
 */
export const CONVENTION_DEFAULT_DURATION_MONTHS = 24;

export interface Instalment {
  label: string;
  amountCents: number;
  plannedAt: string;
  paidAt: string | null;
}
export interface Indicator {
  label: string;
  unit: string | null;
  target: number | null;
  reported: number | null;
}
export interface ConventionInput {
  amountCents: number;
  durationMonths: number;
  signedAt: string | null;
  instalments: Instalment[];
  indicators: Indicator[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (x: unknown): x is string => typeof x === 'string' && DAY.test(x) && !Number.isNaN(Date.parse(`${x}T00:00:00Z`));
const isCents = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) > 0;
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const obj = (x: unknown): Record<string, unknown> | null =>
  x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null;

/** The indicators named in the dossier's "Indicateurs de suivi et d'évaluation" section, one per item. */
export function indicatorsFromSection(text: string | null | undefined): Indicator[] {
  if (!text) return [];
  return text
    .split(/[\n;,]|\.\s/)
    .map((s) => s.replace(/^[\s\-•*]+|[\s.]+$/g, ''))
    .filter((s) => s.length >= 3)
    .slice(0, 20)
    .map((label) => ({ label: label.charAt(0).toUpperCase() + label.slice(1), unit: null, target: null, reported: null }));
}

/**
 * Validates a PUT body against the defaults (the current convention, else the decided amount, 24 months, the
 * section's indicators): a field left out keeps its value.
 * Returns the normalised convention or the French errors per field.
 */
export function validateConvention(
  body: unknown,
  defaults: {
    amountCents: number | null;
    indicators: Indicator[];
    durationMonths?: number;
    signedAt?: string | null;
    instalments?: Instalment[];
  },
): { value: ConventionInput | null; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const b = obj(body) ?? {};
  for (const k of Object.keys(b))
    if (!['amountCents', 'durationMonths', 'signedAt', 'instalments', 'indicators', 'expectedVersion'].includes(k))
      errors[k] = 'Champ non autorisé.';
  const amountCents = b.amountCents ?? defaults.amountCents;
  if (!isCents(amountCents)) errors.amountCents = 'Le montant de la convention (en centimes) doit être un entier positif.';
  const durationMonths = b.durationMonths ?? defaults.durationMonths ?? CONVENTION_DEFAULT_DURATION_MONTHS;
  if (!Number.isInteger(durationMonths) || (durationMonths as number) < 1 || (durationMonths as number) > 120)
    errors.durationMonths = 'La durée est un nombre entier de mois, de 1 à 120.';
  const signedAt = b.signedAt === undefined ? (defaults.signedAt ?? null) : b.signedAt;
  if (signedAt !== null && !isDay(signedAt)) errors.signedAt = 'Date de signature attendue au format AAAA-MM-JJ.';

  const instalments: Instalment[] = [];
  const rawInst = b.instalments ?? defaults.instalments ?? [];
  if (!Array.isArray(rawInst)) errors.instalments = 'L’échéancier doit être une liste de versements.';
  else
    rawInst.forEach((raw, i) => {
      const r = obj(raw);
      const f = `instalments.${i}`;
      if (!r) return void (errors[f] = 'Chaque versement est un objet {label, amountCents, plannedAt, paidAt}.');
      if (!isCents(r.amountCents)) errors[`${f}.amountCents`] = 'Montant du versement (en centimes) positif attendu.';
      if (!isDay(r.plannedAt)) errors[`${f}.plannedAt`] = 'Date prévue attendue au format AAAA-MM-JJ.';
      if (r.paidAt !== undefined && r.paidAt !== null && !isDay(r.paidAt))
        errors[`${f}.paidAt`] = 'Date de paiement attendue au format AAAA-MM-JJ.';
      const label = typeof r.label === 'string' && r.label.trim() ? r.label.trim().slice(0, 200) : `Versement ${i + 1}`;
      instalments.push({
        label,
        amountCents: r.amountCents as number,
        plannedAt: r.plannedAt as string,
        paidAt: (r.paidAt as string | null) ?? null,
      });
    });
  if (!errors.instalments && isCents(amountCents) && instalments.every((x) => isCents(x.amountCents))) {
    const total = instalments.reduce((n, x) => n + x.amountCents, 0);
    if (total > amountCents)
      errors.instalments = `Les versements (${total / 100} €) dépassent le montant de la convention (${amountCents / 100} €).`;
  }

  let indicators: Indicator[] = [];
  if (b.indicators === undefined) indicators = defaults.indicators;
  else if (!Array.isArray(b.indicators)) errors.indicators = 'Les indicateurs doivent être une liste.';
  else
    b.indicators.forEach((raw, i) => {
      const r = obj(raw);
      const f = `indicators.${i}`;
      if (!r) return void (errors[f] = 'Chaque indicateur est un objet {label, unit, target, reported}.');
      if (typeof r.label !== 'string' || !r.label.trim()) errors[`${f}.label`] = 'Le libellé de l’indicateur est obligatoire.';
      if (r.target !== undefined && r.target !== null && !isNum(r.target)) errors[`${f}.target`] = 'La cible est un nombre.';
      if (r.reported !== undefined && r.reported !== null && !isNum(r.reported))
        errors[`${f}.reported`] = 'La valeur constatée est un nombre.';
      indicators.push({
        label: typeof r.label === 'string' ? r.label.trim().slice(0, 300) : '',
        unit: typeof r.unit === 'string' && r.unit.trim() ? r.unit.trim().slice(0, 50) : null,
        target: isNum(r.target) ? r.target : null,
        reported: isNum(r.reported) ? r.reported : null,
      });
    });

  if (Object.keys(errors).length > 0) return { value: null, errors };
  return {
    value: {
      amountCents: amountCents as number,
      durationMonths: durationMonths as number,
      signedAt: signedAt as string | null,
      instalments,
      indicators,
    },
    errors,
  };
}
