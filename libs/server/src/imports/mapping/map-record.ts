/**
 * From one DS dossier (API) or one export row (file), already read into a SourceRecord, to the dossier's content.
 * Malformed records (no project name, invalid SIRET, ...) are refused with a French reason; smaller problems are
 * warnings reported with the dossier, which is imported anyway.
 */
import { createHash } from 'node:crypto';
import {
  isLate,
  isValidSiret,
  LEGAL_FORM_LABELS,
  LegalCategory,
  legalCategoryOf,
  legalFormLabel,
  normaliseLabel,
  normaliseLegalFormCode,
  normaliseSiret,
  SECTION_KEYS,
  memberKindFromText,
  validateMembers,
  type DossierMember,
} from '@ptce/domain';
import { MappingFields } from './ds-mapping';
import { asBoolean, asDay, asEuros, asFiles, asList, asRegion, asText, fragileTerritoryCodes, SourceFile, SourceValue } from './values';

export type SourceDemandeur =
  | {
      kind: 'morale';
      siret: string | null;
      name: string | null;
      legalForm: string | null;
      legalFormCode: string | null;
      /** Region of the establishment's address (fallback when the region champ is missing). */
      regionCode: string | null;
      /** The INSEE lookup failed at deposit on DS (PersonneMoraleIncomplete): only the SIRET is known. */
      incomplete?: boolean;
    }
  | { kind: 'physique'; name: string | null }
  | { kind: 'absent' };

export interface SourceRecord {
  dsNumber: number | null;
  depositedAt: Date | null;
  demandeur: SourceDemandeur;
  /** Champ values by normalised label. */
  champs: Map<string, SourceValue>;
}

export interface MappedDossier {
  dsNumber: number;
  projectName: string;
  region: string;
  structureSiret: string;
  structureName: string;
  structureLegalForm: string | null;
  structureLegalFormCode: string | null;
  structureLegalCategory: LegalCategory;
  structureEsus: boolean;
  structureEsusDate: string | null;
  referentName: string | null;
  referentEmail: string | null;
  referentPhone: string | null;
  sections: Record<string, string | null>;
  /** Characterisation codes; null when the champ is not mapped or absent (the existing value is kept). */
  fragileTerritory: string[] | null;
  amountRequestedCents: number | null;
  depositedAt: Date;
  lateDeposit: boolean;
  statuts: SourceFile[];
  /** The member list when the form has the repetition champ "Membres du PTCE"; null otherwise (the list is kept). */
  members: DossierMember[] | null;
}

/**
 * Seed 001: "Description des acteurs impliqués … réseaux, entreprises et structures de l'ESS associés à des entreprises
 * industrielles et commerciales et, le cas échéant, des collectivités locales, des centres de recherche et organismes
 * de formation". When the démarche has a repetition champ "Membres du PTCE" (a row per member: name, SIRET, nature),
 * the import fills the dossier's structured member list from it.
 */
export const MEMBERS_CHAMP_LABEL = 'Membres du PTCE';
const MEMBER_NAME = [normaliseLabel('Nom du membre'), normaliseLabel('Nom'), normaliseLabel('Raison sociale')];
const MEMBER_SIRET = [normaliseLabel('SIRET du membre'), normaliseLabel('SIRET')];
const MEMBER_KIND = [
  normaliseLabel('Nature du membre'),
  normaliseLabel('Nature'),
  normaliseLabel('Type de membre'),
  normaliseLabel('Type'),
];

export function membersFromRows(v: SourceValue | undefined, warnings: string[]): DossierMember[] | null {
  if (!v || v.kind !== 'rows') return null;
  const first = (row: Map<string, string | null>, keys: string[]) => {
    for (const k of keys) {
      const x = row.get(k);
      if (x && x.trim()) return x.trim();
    }
    return null;
  };
  const raw = v.rows
    .map((row) => ({ name: first(row, MEMBER_NAME), siret: first(row, MEMBER_SIRET), kindText: first(row, MEMBER_KIND) }))
    .filter((r) => r.name !== null);
  const candidates = raw.map((r, i) => {
    const kind = memberKindFromText(r.kindText) ?? 'autre';
    if (r.kindText && !memberKindFromText(r.kindText))
      warnings.push(`Membre n° ${i + 1} (« ${r.name} ») : nature « ${r.kindText} » non reconnue, classé « autre ».`);
    return { name: r.name, siret: r.siret, kind };
  });
  // A bad SIRET does not lose the member: it is kept without its SIRET, with a warning.
  const { errors } = validateMembers(candidates);
  for (const [field, message] of Object.entries(errors)) {
    const m = /^members\.(\d+)\.siret$/.exec(field);
    if (m) {
      const c = candidates[Number(m[1])];
      warnings.push(`Membre « ${c.name} » : ${message} SIRET ignoré.`);
      c.siret = null;
    }
  }
  return validateMembers(candidates).members;
}

export type MapResult = { ok: true; dossier: MappedDossier; warnings: string[] } | { ok: false; reason: string };

export interface MapContext {
  phase: 1 | 2;
  deadline: Date;
  mapping: MappingFields;
}

const clip = (s: string | null, max: number): string | null => (s === null ? null : s.length > max ? s.slice(0, max) : s);

/** Reverse lookup of an INSEE legal form from its label ("Association déclarée" → 9220), or a "5710 - SAS" text. */
export function legalFormCodeFrom(code: string | null, label: string | null): string | null {
  const direct = normaliseLegalFormCode(code);
  if (direct) return direct;
  if (!label) return null;
  const lead = /^\s*(\d{4})\b/.exec(label)?.[1] ?? /\((\d{4})\)\s*$/.exec(label)?.[1];
  if (lead) return lead;
  const key = normaliseLabel(label);
  for (const [c, l] of Object.entries(LEGAL_FORM_LABELS)) if (normaliseLabel(l) === key) return c;
  return null;
}

export function mapRecord(rec: SourceRecord, ctx: MapContext): MapResult {
  const warnings: string[] = [];
  const value = (target: string): SourceValue | undefined => {
    const label = ctx.mapping[target];
    return label ? rec.champs.get(normaliseLabel(label)) : undefined;
  };
  const labelOf = (target: string): string => ctx.mapping[target] ?? target;

  if (rec.dsNumber === null || !Number.isInteger(rec.dsNumber) || rec.dsNumber <= 0)
    return { ok: false, reason: 'Numéro de dossier DS absent ou invalide.' };

  // The structure porteuse: DS's demandeur, a legal person.
  const dem = rec.demandeur;
  if (dem.kind === 'physique')
    return {
      ok: false,
      reason: 'Le demandeur est une personne physique : la structure porteuse doit être une personne morale identifiée par son SIRET.',
    };
  if (dem.kind === 'absent' || !dem.siret) return { ok: false, reason: 'SIRET de la structure porteuse absent.' };
  const siret = normaliseSiret(dem.siret);
  if (!/^\d{14}$/.test(siret))
    return { ok: false, reason: `SIRET de la structure porteuse invalide (« ${dem.siret} ») : 14 chiffres attendus.` };
  if (!isValidSiret(siret))
    return { ok: false, reason: `SIRET de la structure porteuse invalide (${siret}) : la clé de contrôle ne correspond pas.` };
  let structureName = dem.name?.trim() || null;
  if (!structureName) {
    structureName = `Structure SIRET ${siret}`;
    warnings.push('Raison sociale et forme juridique inconnues (données INSEE indisponibles sur DS) : à compléter.');
  } else if (dem.incomplete) {
    warnings.push('Forme juridique inconnue (données INSEE indisponibles sur DS) : à compléter.');
  }

  const projectName = asText(value('projectName'));
  if (!projectName) return { ok: false, reason: `Nom du projet absent (champ « ${labelOf('projectName')} »).` };

  const regionValue = value('region');
  let region = asRegion(regionValue);
  if (!region) {
    const fallback = dem.regionCode ? asRegion({ kind: 'text', text: dem.regionCode }) : undefined;
    if (fallback) {
      warnings.push(
        `Région du projet ${region === undefined ? `illisible (« ${asText(regionValue)} »)` : 'absente'} : région de l’établissement retenue (${fallback}).`,
      );
      region = fallback;
    } else {
      return {
        ok: false,
        reason: region === undefined ? `Région inconnue (« ${asText(regionValue)} »).` : `Région absente (champ « ${labelOf('region')} »).`,
      };
    }
  }

  if (!rec.depositedAt) return { ok: false, reason: 'Date de dépôt absente ou illisible.' };

  const code = legalFormCodeFrom(dem.legalFormCode, dem.legalForm);
  const legalForm = dem.legalForm?.trim() || (code ? (legalFormLabel(code) ?? null) : null);

  const esusRaw = asBoolean(value('esus'));
  if (esusRaw === undefined) warnings.push(`Agrément ESUS illisible (« ${asText(value('esus'))} ») : considéré comme absent.`);
  const esus = esusRaw === true;
  let esusDate: string | null = null;
  if (esus) {
    const d = asDay(value('esusDate'));
    if (d === undefined) warnings.push(`Date d’agrément ESUS illisible (« ${asText(value('esusDate'))} »).`);
    else esusDate = d;
  }

  const sections: Record<string, string | null> = {};
  for (const k of SECTION_KEYS) {
    const target = `sections.${k}`;
    if (ctx.mapping[target]) sections[k] = asText(value(target));
  }

  let fragileTerritory: string[] | null = null;
  const fragileValue = value('fragileTerritory');
  if (fragileValue) {
    const { codes, unknown } = fragileTerritoryCodes(asList(fragileValue) ?? []);
    fragileTerritory = codes;
    if (unknown.length) warnings.push(`Territoire fragile : valeur(s) non reconnue(s) ignorée(s) (${unknown.join(', ')}).`);
  }

  let amountRequestedCents: number | null = null;
  if (ctx.phase === 2) {
    const euros = asEuros(value('amountRequested'));
    if (euros === undefined || (typeof euros === 'number' && (euros < 0 || !Number.isFinite(euros)))) {
      warnings.push(`Montant demandé illisible (« ${asText(value('amountRequested'))} »).`);
    } else if (typeof euros === 'number') {
      amountRequestedCents = Math.round(euros * 100);
    }
  }

  const statuts = ctx.mapping.statuts ? asFiles(value('statuts')) : [];
  const members = membersFromRows(rec.champs.get(normaliseLabel(MEMBERS_CHAMP_LABEL)), warnings);

  return {
    ok: true,
    warnings,
    dossier: {
      dsNumber: rec.dsNumber,
      projectName: clip(projectName, 300) as string,
      region,
      structureSiret: siret,
      structureName: clip(structureName, 300) as string,
      structureLegalForm: clip(legalForm, 200),
      structureLegalFormCode: code,
      structureLegalCategory: legalCategoryOf(code),
      structureEsus: esus,
      structureEsusDate: esusDate,
      referentName: clip(asText(value('referentName')), 200),
      referentEmail: clip(asText(value('referentEmail')), 254),
      referentPhone: clip(asText(value('referentPhone')), 40),
      sections,
      fragileTerritory,
      amountRequestedCents,
      depositedAt: rec.depositedAt,
      lateDeposit: isLate(rec.depositedAt, ctx.deadline),
      statuts,
      members,
    },
  };
}

/** A stable fingerprint of what an import writes (file URLs left out: DS signs them anew on every request). */
export function contentHash(d: MappedDossier, parentDossierId: string | null): string {
  const snapshot = {
    ...d,
    depositedAt: d.depositedAt.toISOString(),
    parentDossierId,
    statuts: d.statuts.map((f) => ({
      filename: f.filename,
      checksum: f.checksum ?? null,
      byteSize: f.byteSize ?? null,
      contentType: f.contentType ?? null,
    })),
  };
  return createHash('sha256').update(stableJson(snapshot)).digest('hex');
}

/** JSON with object keys sorted (jsonb does not keep key order). */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
