import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { REGION_CODES } from '@ptce/domain';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const blankToNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

export class StructureDto {
  @ApiPropertyOptional({ example: '12345678900014', nullable: true })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s/g, '') || null : value))
  @Matches(/^\d{14}$/, { message: 'Le SIRET doit comporter 14 chiffres.' })
  siret?: string | null;

  @ApiProperty({ example: 'Association Pôle Sud Archer' })
  @Transform(trim)
  @IsString({ message: 'Le nom de la structure porteuse est obligatoire.' })
  @MinLength(2, { message: 'Le nom de la structure porteuse est obligatoire.' })
  @MaxLength(300, { message: 'Nom trop long (300 caractères au plus).' })
  name: string;

  @ApiPropertyOptional({ example: '9220', description: 'Catégorie juridique INSEE (niveau III)', nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @Matches(/^\d{4}$/, { message: 'Le code de catégorie juridique INSEE comporte 4 chiffres.' })
  legalFormCode?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @IsString({ message: 'La forme juridique doit être un texte.' })
  @MaxLength(200, { message: 'Forme juridique trop longue.' })
  legalForm?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean({ message: 'L’agrément ESUS doit valoir oui ou non.' })
  esus?: boolean;

  @ApiPropertyOptional({ example: '2020-03-01', nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @IsISO8601({ strict: true }, { message: 'Date d’agrément invalide.' })
  esusDate?: string | null;
}

export class ReferentDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @IsString({ message: 'Le nom doit être un texte.' })
  @MaxLength(200, { message: 'Nom trop long.' })
  name?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @IsEmail({}, { message: 'Adresse électronique invalide.' })
  email?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Transform(blankToNull)
  @Matches(/^[+0-9 ().-]{6,30}$/, { message: 'Numéro de téléphone invalide.' })
  phone?: string | null;
}

export class AttachmentDto {
  @ApiProperty({ enum: ['statuts', 'autre'] })
  @IsIn(['statuts', 'budget', 'autre'], { message: 'Type de pièce inconnu (statuts, budget, autre).' })
  kind: string;

  @ApiProperty()
  @IsString({ message: 'Le nom de fichier est obligatoire.' })
  @MinLength(1, { message: 'Le nom de fichier est obligatoire.' })
  @MaxLength(300, { message: 'Nom de fichier trop long.' })
  filename: string;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(150) contentType?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'La taille doit être un entier.' }) @Min(0) byteSize?: number;
}

class DossierContentDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString({ message: 'Le nom du projet est obligatoire.' })
  @MinLength(2, { message: 'Le nom du projet est obligatoire.' })
  @MaxLength(300, { message: 'Nom du projet trop long (300 caractères au plus).' })
  projectName?: string;

  @ApiPropertyOptional({ example: '53' })
  @IsOptional()
  @IsIn(REGION_CODES as unknown as string[], { message: 'Code de région inconnu.' })
  region?: string;

  @ApiPropertyOptional({ type: StructureDto })
  @IsOptional()
  @IsObject({ message: 'Ce champ doit être un objet.' })
  @ValidateNested()
  @Type(() => StructureDto)
  structure?: StructureDto;

  @ApiPropertyOptional({ type: ReferentDto })
  @IsOptional()
  @IsObject({ message: 'Ce champ doit être un objet.' })
  @ValidateNested()
  @Type(() => ReferentDto)
  referent?: ReferentDto;

  @ApiPropertyOptional({
    description:
      'Sections du dossier (texte), par clé : descriptionStructure, objectifs, acteurs, gouvernance, perimetre, financement, actions, indicateurs, impact, planActions3ans, implicationMembres, coordinationDispositifs',
  })
  @IsOptional()
  @IsObject({ message: 'Les sections doivent être un objet.' })
  sections?: Record<string, string | null>;

  @ApiPropertyOptional({ description: 'Caractérisation (étude sur les collectivités et les PTCE)' })
  @IsOptional()
  @IsObject({ message: 'La caractérisation doit être un objet.' })
  characterisation?: Record<string, unknown>;

  @ApiPropertyOptional({ isArray: true, description: 'SIRET des organisations membres déclarées (conflits d’intérêts)' })
  @IsOptional()
  @IsArray({ message: 'Les organisations membres doivent être une liste.' })
  @Matches(/^\d{9}(\d{5})?$/, { each: true, message: 'Chaque organisation membre est un SIREN (9 chiffres) ou un SIRET (14 chiffres).' })
  memberSirets?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'Phase 2 : montant demandé, en centimes' })
  @IsOptional()
  @IsInt({ message: 'Le montant demandé doit être un nombre entier de centimes.' })
  @Min(0, { message: 'Le montant demandé ne peut pas être négatif.' })
  amountRequestedCents?: number | null;

  @ApiPropertyOptional({ type: [AttachmentDto] })
  @IsOptional()
  @IsArray({ message: 'Les pièces jointes doivent être une liste.' })
  @ValidateNested({ each: true })
  @Type(() => AttachmentDto)
  attachments?: AttachmentDto[];
}

export class CreateDossierDto extends DossierContentDto {
  @ApiProperty() @IsUUID('4', { message: 'Campagne invalide.' }) campaignId: string;
  @ApiProperty({ enum: [1, 2] }) @IsIn([1, 2], { message: 'La phase vaut 1 ou 2.' }) phase: 1 | 2;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsUUID('4', { message: 'Dossier de phase 1 invalide.' }) parentDossierId?:
    string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsInt({ message: 'Le numéro DS doit être un entier.' }) @Min(1) dsNumber?:
    number | null;
  @ApiPropertyOptional({ description: 'Date du dépôt (par défaut : maintenant)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'Date de dépôt invalide.' })
  depositedAt?: string;
  declare projectName: string;
  declare region: string;
  declare structure: StructureDto;
}

export class UpdateDossierDto extends DossierContentDto {
  @ApiProperty({ description: 'Version lue (verrouillage optimiste)' })
  @IsInt({ message: 'La version du dossier (expectedVersion) est obligatoire.' })
  expectedVersion: number;
}

export class TransitionDto {
  @ApiProperty({ example: 'declarer_eligible' })
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

  @ApiProperty()
  @IsInt({ message: 'La version du dossier (expectedVersion) est obligatoire.' })
  expectedVersion: number;
}
