import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AppError } from '../common/app-error';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsObject, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** At most this many dossiers in one bulk request (the list's largest page). */
export const BULK_MAX = 200;

export class BulkDossierIdsDto {
  @ApiProperty({ type: [String], description: `Dossiers visés (1 à ${BULK_MAX})` })
  @IsArray({ message: 'La liste des dossiers (dossierIds) est obligatoire.' })
  @ArrayMinSize(1, { message: 'Sélectionnez au moins un dossier.' })
  @ArrayMaxSize(BULK_MAX, { message: `${BULK_MAX} dossiers au plus par action groupée.` })
  @IsUUID('all', { each: true, message: 'Identifiant de dossier invalide.' })
  dossierIds: string[];
}

export class BulkTransitionDto extends BulkDossierIdsDto {
  @ApiProperty({ example: 'ouvrir_instruction' })
  @IsString({ message: 'L’action est obligatoire.' })
  action: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString({ message: 'Le motif doit être un texte.' })
  @MaxLength(5000, { message: 'Motif trop long (5000 caractères au plus).' })
  motif?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsObject({ message: 'Les données doivent être un objet.' })
  data?: Record<string, unknown> | null;
}

/** One dossier's outcome in a bulk action: each dossier is its own transaction, a refusal never stops the others. */
export type BulkItemResult =
  { id: string; ok: true; state: string; version: number; [k: string]: unknown } | { id: string; ok: false; code: string; message: string };

export interface BulkResult {
  applied: number;
  failed: number;
  results: BulkItemResult[];
}

/** Runs `one` per dossier, in order, and reports each outcome (AppError code and French message on a refusal). */
export async function runBulk(
  ids: readonly string[],
  one: (id: string) => Promise<{ state: string; version: number; [k: string]: unknown }>,
): Promise<BulkResult> {
  const results: BulkItemResult[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      results.push({ id, ok: true, ...(await one(id)) });
    } catch (e) {
      if (e instanceof AppError && e.status < 500) results.push({ id, ok: false, code: e.code, message: e.message });
      else throw e;
    }
  }
  return { applied: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length, results };
}
