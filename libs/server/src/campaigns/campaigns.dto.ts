import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { COMPLEMENTS_DELAY_DAYS, COMPLEMENTS_DELAY_MAX_DAYS, COMPLEMENTS_DELAY_MIN_DAYS, REVIEWER_ROLES } from '@ptce/domain';

const iso = { message: 'Date invalide (format ISO 8601 avec fuseau attendu).' };
const required = { message: 'Cette date est obligatoire.' };

export class CalendarDto {
  @ApiProperty({ example: '2021-05-12T10:00:00+02:00' }) @IsDefined(required) @IsISO8601({ strict: true }, iso) publishedAt: string;
  @ApiProperty() @IsDefined(required) @IsISO8601({ strict: true }, iso) phase1DepositDeadline: string;
  @ApiProperty() @IsDefined(required) @IsISO8601({ strict: true }, iso) phase1AnnouncementAt: string;
  @ApiProperty() @IsDefined(required) @IsISO8601({ strict: true }, iso) phase2InvitationAt: string;
  @ApiProperty() @IsDefined(required) @IsISO8601({ strict: true }, iso) phase2DepositDeadline: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsISO8601({ strict: true }, iso) phase2AnnouncementAt?: string | null;
}

export class DsDemarchesDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt({ message: 'Le numéro de démarche doit être un entier.' })
  @Min(1, { message: 'Le numéro de démarche doit être positif.' })
  phase1?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt({ message: 'Le numéro de démarche doit être un entier.' })
  @Min(1, { message: 'Le numéro de démarche doit être positif.' })
  phase2?: number | null;
}

export class CampaignDto {
  @ApiProperty({ example: 'AMI PTCE 2021 — relance des PTCE' })
  @IsString({ message: 'Le nom est obligatoire.' })
  @MinLength(3, { message: 'Le nom doit contenir au moins 3 caractères.' })
  @MaxLength(200, { message: 'Le nom est trop long (200 caractères au plus).' })
  name: string;

  @ApiPropertyOptional({ default: 'Europe/Paris' })
  @IsOptional()
  @IsIn(['Europe/Paris'], { message: 'Seul le fuseau Europe/Paris est pris en charge.' })
  timezone?: string;

  @ApiProperty({ type: CalendarDto })
  @IsObject({ message: 'Ce champ doit être un objet.' })
  @ValidateNested()
  @Type(() => CalendarDto)
  calendar: CalendarDto;

  @ApiPropertyOptional({ description: 'Enveloppe en centimes d’euro' })
  @IsOptional()
  @IsInt({ message: 'L’enveloppe doit être un nombre entier de centimes.' })
  @Min(0, { message: 'L’enveloppe ne peut pas être négative.' })
  @Max(Number.MAX_SAFE_INTEGER)
  envelopeCents?: number;

  @ApiPropertyOptional({ type: DsDemarchesDto })
  @IsOptional()
  @IsObject({ message: 'Ce champ doit être un objet.' })
  @ValidateNested()
  @Type(() => DsDemarchesDto)
  dsDemarches?: DsDemarchesDto;

  @ApiPropertyOptional({ enum: REVIEWER_ROLES, isArray: true })
  @IsOptional()
  @IsArray({ message: 'Les rôles d’avis doivent être une liste.' })
  @ArrayUnique({ message: 'Un rôle est en double.' })
  @IsIn(REVIEWER_ROLES as unknown as string[], { each: true, message: 'Rôle d’avis inconnu.' })
  requiredAvisRoles?: string[];

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @IsInt({ message: 'Le nombre de compagnons doit être un entier.' })
  @Min(0, { message: 'Le nombre de compagnons ne peut pas être négatif.' })
  @Max(5, { message: 'Cinq compagnons au plus par dossier.' })
  compagnonsPerDossier?: number;

  @ApiPropertyOptional({ default: 21 })
  @IsOptional()
  @IsInt({ message: 'Le délai d’avis doit être un nombre entier de jours.' })
  @Min(1, { message: 'Le délai d’avis doit être d’au moins un jour.' })
  @Max(365, { message: 'Le délai d’avis ne peut dépasser 365 jours.' })
  avisDelayDays?: number;

  @ApiPropertyOptional({
    default: COMPLEMENTS_DELAY_DAYS,
    minimum: COMPLEMENTS_DELAY_MIN_DAYS,
    maximum: COMPLEMENTS_DELAY_MAX_DAYS,
    description: 'Délai proposé (en jours) pour répondre à une demande de compléments : sa date limite par défaut',
  })
  @IsOptional()
  @IsInt({ message: 'Le délai de réponse aux compléments doit être un nombre entier de jours.' })
  @Min(COMPLEMENTS_DELAY_MIN_DAYS, {
    message: `Le délai de réponse aux compléments doit être d’au moins ${COMPLEMENTS_DELAY_MIN_DAYS} jour.`,
  })
  @Max(COMPLEMENTS_DELAY_MAX_DAYS, { message: `Le délai de réponse aux compléments ne peut dépasser ${COMPLEMENTS_DELAY_MAX_DAYS} jours.` })
  complementsDelayDays?: number;

  @ApiPropertyOptional({ default: false, description: 'Envoyer notre accusé de réception aussi pour les dossiers déposés sur DS' })
  @IsOptional()
  @IsBoolean({ message: 'Ce champ doit valoir vrai ou faux.' })
  dsDepositAcknowledgement?: boolean;

  @ApiPropertyOptional({
    default: false,
    description:
      'Renvoyer vers Démarches Simplifiées (passage en instruction, messages, décisions) au lieu des courriels que DS envoie lui-même',
  })
  @IsOptional()
  @IsBoolean({ message: 'Ce champ doit valoir vrai ou faux.' })
  dsChannelEnabled?: boolean;

  @ApiPropertyOptional({ description: 'Version lue, pour refuser une modification concurrente' })
  @IsOptional()
  @IsInt({ message: 'La version doit être un nombre entier.' })
  @Min(1, { message: 'La version commence à 1.' })
  version?: number;

  // react-admin sends the whole record back on edit: read-only fields are tolerated and ignored.
  @IsOptional() id?: unknown;
  @IsOptional() selection?: unknown;
  @IsOptional() createdAt?: unknown;
  @IsOptional() updatedAt?: unknown;
  @IsOptional() phase1ArreteAt?: unknown;
  @IsOptional() phase2ArreteAt?: unknown;
  @IsOptional() phase1PublishedAt?: unknown;
  @IsOptional() phase2PublishedAt?: unknown;
}
