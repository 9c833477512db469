/**
 * A row of a DS export read into the shape the mapping takes. DS names the dossier's own columns ("ID", "Email",
 * "Déposé le", the établissement and entreprise columns) and uses the champ labels for the rest; older exports and
 * hand-made sheets use variants, so each column is looked up by several names (compared through normaliseLabel).
 */
import { normaliseLabel } from '@ptce/domain';
import type { MappingFields } from '../mapping/ds-mapping';
import type { SourceRecord } from '../mapping/map-record';
import { asInstant, asText, SourceValue } from '../mapping/values';
import type { SheetRow } from './file-parser';

export const EXPORT_COLUMNS = {
  dsNumber: ['ID', 'Numéro', 'Numéro de dossier', 'Numéro du dossier', 'N° de dossier', 'N° dossier', 'Dossier ID', 'Dossier'],
  email: ['Email', 'E-mail', 'Courriel', 'Adresse électronique', 'Usager'],
  depositedAt: ['Déposé le', 'Date de dépôt', 'Date du dépôt', 'Dépôt le', 'En construction le', 'Date de passage en construction'],
  siret: ['SIRET', 'Établissement SIRET', 'SIRET de la structure porteuse', 'SIRET de l’établissement', 'Numéro SIRET'],
  name: [
    'Raison sociale',
    'Entreprise raison sociale',
    'Établissement raison sociale',
    'Nom de la structure porteuse',
    'Structure porteuse',
  ],
  legalForm: ['Forme juridique', 'Entreprise forme juridique', 'Libellé forme juridique'],
  legalFormCode: [
    'Code forme juridique',
    'Forme juridique code',
    'Entreprise forme juridique code',
    'Catégorie juridique',
    'Code catégorie juridique',
  ],
  regionCode: ['Établissement région', 'Région de l’établissement'],
} as const;

export type ExportColumn = keyof typeof EXPORT_COLUMNS;

/** Which header (normalised) holds each dossier column in this file, if any. */
export function locateColumns(headers: string[]): Partial<Record<ExportColumn, string>> {
  const present = new Set(headers.map(normaliseLabel));
  const found: Partial<Record<ExportColumn, string>> = {};
  for (const [col, names] of Object.entries(EXPORT_COLUMNS) as [ExportColumn, readonly string[]][]) {
    const hit = names.map(normaliseLabel).find((n) => present.has(n));
    if (hit) found[col] = hit;
  }
  return found;
}

/** French list of what the file lacks to be imported at all (columns every row needs). */
export function missingColumns(headers: string[], mapping: MappingFields): string[] {
  const cols = locateColumns(headers);
  const present = new Set(headers.map(normaliseLabel));
  const missing: string[] = [];
  if (!cols.dsNumber) missing.push('« ID » (numéro du dossier DS)');
  if (!cols.siret) missing.push('« SIRET »');
  if (!cols.name) missing.push('« Raison sociale »');
  if (!cols.depositedAt) missing.push('« Déposé le » (date de dépôt)');
  for (const target of ['projectName', 'region'] as const) {
    const label = mapping[target];
    if (label && !present.has(normaliseLabel(label))) missing.push(`« ${label} »`);
  }
  return missing;
}

export function fileRecord(row: SheetRow, cols: Partial<Record<ExportColumn, string>>): SourceRecord {
  const cell = (c: ExportColumn): SourceValue | undefined => (cols[c] ? row.cells.get(cols[c] as string) : undefined);
  const idText = asText(cell('dsNumber'))?.replace(/[\s\u00a0\u202f]/g, '') ?? null;
  const dsNumber = idText && /^\d{1,10}$/.test(idText) ? Number(idText) : null;
  const siret = asText(cell('siret'));
  const name = asText(cell('name'));
  const deposited = asInstant(cell('depositedAt'));
  return {
    dsNumber,
    depositedAt: deposited ?? null,
    demandeur:
      siret || name
        ? {
            kind: 'morale',
            siret,
            name,
            legalForm: asText(cell('legalForm')),
            legalFormCode: asText(cell('legalFormCode')),
            regionCode: asText(cell('regionCode')),
          }
        : { kind: 'absent' },
    champs: row.cells,
  };
}
