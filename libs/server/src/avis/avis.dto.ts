import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { REVIEWER_ROLES } from '@ptce/domain';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const blankToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

const CONTENT_DOC =
  'Contenu de l’avis : {scores: {<entrée>: {score: 1..4, comment}}, maturity: {level, markers: {<marqueur>: 1..4}}, ' +
  'typology: {type, actionLogics: []}, recommendation, synthesis}. Voir GET /api/avis-grid.';

export class SaveAvisDto {
  @ApiProperty({ description: CONTENT_DOC, type: 'object', additionalProperties: true })
  @IsObject({ message: 'Le contenu de l’avis doit être un objet.' })
  content: Record<string, unknown>;

  @ApiProperty({ description: 'Version lue de l’avis (verrouillage optimiste)' })
  @IsInt({ message: 'La version de l’avis (expectedVersion) est obligatoire.' })
  expectedVersion: number;
}

export class SubmitAvisDto {
  @ApiPropertyOptional({
    description: `Facultatif : enregistre ce contenu puis rend l’avis. ${CONTENT_DOC}`,
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject({ message: 'Le contenu de l’avis doit être un objet.' })
  content?: Record<string, unknown>;

  @ApiProperty({ description: 'Version lue de l’avis (verrouillage optimiste)' })
  @IsInt({ message: 'La version de l’avis (expectedVersion) est obligatoire.' })
  expectedVersion: number;
}

export class AvisReasonDto {
  @ApiProperty({ example: 'Je suis administrateur de la structure porteuse.' })
  @Transform(trim)
  @IsString({ message: 'Le motif est obligatoire.' })
  @MinLength(3, { message: 'Le motif est obligatoire (3 caractères au moins).' })
  @MaxLength(5000, { message: 'Motif trop long (5000 caractères au plus).' })
  reason: string;

  @ApiPropertyOptional({ description: 'Version lue de l’avis : si elle est donnée, elle est vérifiée' })
  @IsOptional()
  @IsInt({ message: 'La version de l’avis doit être un nombre entier.' })
  expectedVersion?: number;
}

export class AssignAvisDto {
  @ApiProperty({ description: 'Utilisateur relecteur (voir GET /api/dossiers/:id/assignment-candidates)' })
  @IsUUID('all', { message: 'Relecteur invalide.' })
  reviewerId: string;

  @ApiProperty({ enum: REVIEWER_ROLES })
  @IsIn(REVIEWER_ROLES as unknown as string[], { message: 'Rôle d’avis inconnu (correspondant_ess, cress, compagnon, expert).' })
  role: (typeof REVIEWER_ROLES)[number];

  @ApiPropertyOptional({ description: 'Échéance (par défaut : délai d’avis de la campagne, fin de journée à Paris)', nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @IsISO8601({ strict: true }, { message: 'Échéance invalide (date ISO 8601 attendue).' })
  dueAt?: string | null;

  @ApiPropertyOptional({ description: 'Motif pour passer outre un conflit d’intérêts détecté (journalisé)', nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @IsString({ message: 'Le motif doit être un texte.' })
  @MaxLength(5000, { message: 'Motif trop long (5000 caractères au plus).' })
  overrideReason?: string | null;

  @ApiPropertyOptional({ description: 'L’avis compte-t-il pour passer le dossier « instruit » ? (par défaut : oui)' })
  @IsOptional()
  @IsBoolean({ message: 'Ce champ doit valoir vrai ou faux.' })
  required?: boolean;
}
