/**
 * The content of one avis and its two validations:
 * - validateDraft: a draft may be incomplete, never wrong (unknown codes, out-of-range scores, over-long texts);
 * - validateForSubmit: the same, plus everything missing for the avis to be rendered.
 * Both accept any value (the content comes from HTTP) and answer a list of `{field, message}` (message in French).
 */
import {
  ACTION_LOGIC_CODES,
  AVIS_COMMENT_MAX_LENGTH,
  AVIS_SYNTHESIS_MAX_LENGTH,
  AVIS_SYNTHESIS_MIN_LENGTH,
  ActionLogicCode,
  AvisEntryCode,
  AvisPhase,
  MATURITY_CODES,
  MATURITY_MARKERS,
  MaturityCode,
  MaturityMarkerCode,
  RECOMMENDATION_CODES,
  RecommendationCode,
  SCORE_MAX,
  SCORE_MIN,
  TYPOLOGY_CODES,
  TypologyCode,
  avisEntriesForPhase,
  avisEntryLabel,
  isActionLogicCode,
  isAnswerHorizon,
  type AnswerHorizon,
  isAvisPhase,
  isMaturityCode,
  isMaturityMarkerCode,
  isRecommendationCode,
  isScoreValue,
  isTypologyCode,
} from './avis-grid';

export interface AvisEntryScore {
  score: number;
  comment: string;
  /** Seed 000: "Les questions peuvent être posées au futur en fonction de la maturité du projet." */
  horizon?: AnswerHorizon | null;
}

/** A complete (rendered) avis content. */
export interface AvisContent {
  scores: Record<AvisEntryCode, AvisEntryScore>;
  maturity: { level: MaturityCode | null; markers: Record<MaturityMarkerCode, number> };
  typology: { type: TypologyCode | null; actionLogics: ActionLogicCode[] };
  recommendation: RecommendationCode | null;
  synthesis: string | null;
}

/** A draft: every part may be missing or null. */
export interface AvisContentDraft {
  scores?: Partial<Record<AvisEntryCode, Partial<AvisEntryScore> | null>> | null;
  maturity?: { level?: MaturityCode | null; markers?: Partial<Record<MaturityMarkerCode, number | null>> | null } | null;
  typology?: { type?: TypologyCode | null; actionLogics?: ActionLogicCode[] | null } | null;
  recommendation?: RecommendationCode | null;
  synthesis?: string | null;
}

export interface AvisValidationError {
  field: string;
  message: string;
}

export function emptyAvisContent(): AvisContentDraft {
  return {
    scores: {},
    maturity: { level: null, markers: {} },
    typology: { type: null, actionLogics: [] },
    recommendation: null,
    synthesis: null,
  };
}

const TOP_KEYS = ['scores', 'maturity', 'typology', 'recommendation', 'synthesis'];
const SCORE_KEYS = ['score', 'comment', 'horizon'];
const MATURITY_KEYS = ['level', 'markers'];
const TYPOLOGY_KEYS = ['type', 'actionLogics'];

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function absent(x: unknown): boolean {
  return x === undefined || x === null;
}

function blank(x: unknown): boolean {
  return absent(x) || (typeof x === 'string' && x.trim() === '');
}

function oneOf(codes: readonly string[]): string {
  return codes.map((c) => `« ${c} »`).join(', ');
}

function unknownKeys(obj: Record<string, unknown>, allowed: string[], prefix: string, errors: AvisValidationError[]): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) errors.push({ field: prefix ? `${prefix}.${k}` : k, message: `Champ inconnu « ${k} ».` });
  }
}

function checkScore(value: unknown, field: string, what: string, errors: AvisValidationError[]): void {
  if (absent(value)) return;
  if (!isScoreValue(value)) {
    errors.push({
      field,
      message: `La note de ${what} doit être un nombre entier de ${SCORE_MIN} à ${SCORE_MAX}.`,
    });
  }
}

function checkText(value: unknown, field: string, what: string, max: number, errors: AvisValidationError[]): void {
  if (absent(value)) return;
  if (typeof value !== 'string') {
    errors.push({ field, message: `${what} doit être un texte.` });
  } else if (value.length > max) {
    errors.push({ field, message: `${what} dépasse ${max} caractères (${value.length}).` });
  }
}

/** Values that are wrong, whatever the completeness. */
function collectWrong(content: unknown, phase: AvisPhase, errors: AvisValidationError[]): void {
  if (absent(content)) return;
  if (!isPlainObject(content)) {
    errors.push({ field: '', message: "Le contenu de l'avis doit être un objet." });
    return;
  }
  unknownKeys(content, TOP_KEYS, '', errors);

  // scores
  const scores = content.scores;
  if (!absent(scores)) {
    if (!isPlainObject(scores)) {
      errors.push({ field: 'scores', message: 'Les notes doivent être un objet indexé par entrée de la grille.' });
    } else {
      const entries = avisEntriesForPhase(phase);
      for (const [code, value] of Object.entries(scores)) {
        const field = `scores.${code}`;
        const entry = entries.find((e) => e.code === code);
        if (!entry) {
          const otherPhaseLabel = avisEntryLabel(code);
          errors.push({
            field,
            message: otherPhaseLabel
              ? `L'entrée « ${otherPhaseLabel} » ne fait pas partie de la grille de la phase ${phase}.`
              : `Entrée de grille inconnue « ${code} ».`,
          });
          continue;
        }
        if (absent(value)) continue;
        if (!isPlainObject(value)) {
          errors.push({ field, message: `L'évaluation de « ${entry.label} » doit être un objet {score, comment}.` });
          continue;
        }
        unknownKeys(value, SCORE_KEYS, field, errors);
        checkScore(value.score, `${field}.score`, `« ${entry.label} »`, errors);
        checkText(value.comment, `${field}.comment`, `Le commentaire de « ${entry.label} »`, AVIS_COMMENT_MAX_LENGTH, errors);
        if (!absent(value.horizon) && !isAnswerHorizon(value.horizon))
          errors.push({
            field: `${field}.horizon`,
            message: `Valeur « prévu » ou « réalisé » attendue pour « ${entry.label} » (prevu, realise).`,
          });
      }
    }
  }

  // maturity
  const maturity = content.maturity;
  if (!absent(maturity)) {
    if (!isPlainObject(maturity)) {
      errors.push({ field: 'maturity', message: 'La maturité doit être un objet {level, markers}.' });
    } else {
      unknownKeys(maturity, MATURITY_KEYS, 'maturity', errors);
      if (!absent(maturity.level) && !isMaturityCode(maturity.level)) {
        errors.push({
          field: 'maturity.level',
          message: `Niveau de maturité inconnu « ${String(maturity.level)} » (attendu : ${oneOf(MATURITY_CODES)}).`,
        });
      }
      const markers = maturity.markers;
      if (!absent(markers)) {
        if (!isPlainObject(markers)) {
          errors.push({ field: 'maturity.markers', message: 'Les marqueurs de maturité doivent être un objet indexé par marqueur.' });
        } else {
          for (const [code, value] of Object.entries(markers)) {
            const field = `maturity.markers.${code}`;
            if (!isMaturityMarkerCode(code)) {
              errors.push({ field, message: `Marqueur de maturité inconnu « ${code} ».` });
              continue;
            }
            const label = MATURITY_MARKERS.find((m) => m.code === code)!.label;
            checkScore(value, field, `« ${label} »`, errors);
          }
        }
      }
    }
  }

  // typology
  const typology = content.typology;
  if (!absent(typology)) {
    if (!isPlainObject(typology)) {
      errors.push({ field: 'typology', message: 'La typologie doit être un objet {type, actionLogics}.' });
    } else {
      unknownKeys(typology, TYPOLOGY_KEYS, 'typology', errors);
      if (!absent(typology.type) && !isTypologyCode(typology.type)) {
        errors.push({
          field: 'typology.type',
          message: `Typologie inconnue « ${String(typology.type)} » (attendu : ${oneOf(TYPOLOGY_CODES)}).`,
        });
      }
      const logics = typology.actionLogics;
      if (!absent(logics)) {
        if (!Array.isArray(logics)) {
          errors.push({ field: 'typology.actionLogics', message: "Les logiques d'action doivent être une liste." });
        } else {
          const seen = new Set<string>();
          logics.forEach((l, i) => {
            const field = `typology.actionLogics.${i}`;
            if (!isActionLogicCode(l)) {
              errors.push({ field, message: `Logique d'action inconnue « ${String(l)} » (attendu : ${oneOf(ACTION_LOGIC_CODES)}).` });
            } else if (seen.has(l)) {
              errors.push({ field, message: `Logique d'action « ${l} » en double.` });
            } else {
              seen.add(l);
            }
          });
        }
      }
    }
  }

  // recommendation
  if (!absent(content.recommendation) && !isRecommendationCode(content.recommendation)) {
    errors.push({
      field: 'recommendation',
      message: `Recommandation inconnue « ${String(content.recommendation)} » (attendu : ${oneOf(RECOMMENDATION_CODES)}).`,
    });
  }

  // synthesis
  checkText(content.synthesis, 'synthesis', 'La synthèse', AVIS_SYNTHESIS_MAX_LENGTH, errors);
}

/** What is missing for the avis to be rendered (only looks at parts that are not themselves wrong in shape). */
function collectMissing(content: unknown, phase: AvisPhase, errors: AvisValidationError[]): void {
  const c: Record<string, unknown> = isPlainObject(content) ? content : {};

  const scores = isPlainObject(c.scores) ? c.scores : {};
  for (const entry of avisEntriesForPhase(phase)) {
    const value = scores[entry.code];
    const v: Record<string, unknown> = isPlainObject(value) ? value : {};
    if (absent(v.score)) {
      errors.push({ field: `scores.${entry.code}`, message: `Note manquante pour « ${entry.label} ».` });
    }
    if (blank(v.comment)) {
      errors.push({ field: `scores.${entry.code}.comment`, message: `Commentaire manquant pour « ${entry.label} ».` });
    }
  }

  const maturity: Record<string, unknown> = isPlainObject(c.maturity) ? c.maturity : {};
  if (absent(maturity.level)) {
    errors.push({ field: 'maturity.level', message: 'Niveau de maturité manquant.' });
  }
  const markers: Record<string, unknown> = isPlainObject(maturity.markers) ? maturity.markers : {};
  for (const marker of MATURITY_MARKERS) {
    if (absent(markers[marker.code])) {
      errors.push({ field: `maturity.markers.${marker.code}`, message: `Marqueur de maturité « ${marker.label} » non noté.` });
    }
  }

  const typology: Record<string, unknown> = isPlainObject(c.typology) ? c.typology : {};
  if (absent(typology.type)) {
    errors.push({ field: 'typology.type', message: 'Typologie manquante.' });
  }
  // Action logics may be empty.

  if (absent(c.recommendation)) {
    errors.push({ field: 'recommendation', message: 'Recommandation manquante.' });
  }

  if (blank(c.synthesis)) {
    errors.push({ field: 'synthesis', message: 'Synthèse manquante.' });
  } else if (typeof c.synthesis === 'string') {
    const length = c.synthesis.trim().length;
    if (length < AVIS_SYNTHESIS_MIN_LENGTH) {
      errors.push({
        field: 'synthesis',
        message: `La synthèse doit compter au moins ${AVIS_SYNTHESIS_MIN_LENGTH} caractères (${length} actuellement).`,
      });
    }
  }
}

function checkPhase(phase: unknown): asserts phase is AvisPhase {
  if (!isAvisPhase(phase)) throw new RangeError(`Phase inconnue : ${String(phase)} (1 ou 2 attendu).`);
}

/** Errors for values that are wrong. An empty or partial draft is valid. */
export function validateDraft(content: unknown, phase: AvisPhase): AvisValidationError[] {
  checkPhase(phase);
  const errors: AvisValidationError[] = [];
  collectWrong(content, phase, errors);
  return errors;
}

/** Errors for values that are wrong, then for everything missing for the avis to be rendered. */
export function validateForSubmit(content: unknown, phase: AvisPhase): AvisValidationError[] {
  checkPhase(phase);
  const errors: AvisValidationError[] = [];
  collectWrong(content, phase, errors);
  if (errors.some((e) => e.field === '')) return errors; // not even an object
  collectMissing(content, phase, errors);
  return errors;
}

export function isAvisComplete(content: unknown, phase: AvisPhase): boolean {
  return validateForSubmit(content, phase).length === 0;
}
