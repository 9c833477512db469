import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';

export class DecisionItemDto {
  @ApiProperty() @IsUUID('all', { message: 'Identifiant de dossier invalide.' }) dossierId: string;
  @ApiProperty({ enum: ['laureat', 'non_retenu'] })
  @IsIn(['laureat', 'non_retenu'], { message: 'La décision vaut « laureat » ou « non_retenu ».' })
  decision: 'laureat' | 'non_retenu';
  @ApiPropertyOptional() @IsOptional() @IsString({ message: 'Le motif est un texte.' }) @MaxLength(5000) motif?: string | null;
  @ApiPropertyOptional({ description: 'Phase 2 : montant attribué en centimes (> 0, ≤ montant demandé).' })
  @IsOptional()
  @IsInt({ message: 'Le montant est un nombre entier de centimes.' })
  amountCents?: number | null;
  @ApiPropertyOptional() @IsOptional() @IsInt({ message: 'La version attendue est un entier.' }) expectedVersion?: number;
}

export class DecisionsDto {
  @ApiProperty({ type: [DecisionItemDto] })
  @IsArray({ message: 'La liste des décisions est attendue.' })
  @ArrayMinSize(1, { message: 'Au moins une décision est attendue.' })
  @ArrayMaxSize(2000, { message: 'Au plus 2000 décisions à la fois.' })
  @ValidateNested({ each: true })
  @Type(() => DecisionItemDto)
  items: DecisionItemDto[];
}

export class ReopenDto {
  @ApiProperty() @IsString({ message: 'Le motif est obligatoire.' }) @MaxLength(5000) motif: string;
}

export class InvitationsDto {
  @ApiProperty({ type: [String] })
  @IsArray({ message: 'La liste des dossiers est attendue.' })
  @ArrayMinSize(1, { message: 'Au moins un dossier est attendu.' })
  @ArrayMaxSize(2000, { message: 'Au plus 2000 dossiers à la fois.' })
  @IsUUID('all', { each: true, message: 'Identifiant de dossier invalide.' })
  dossierIds: string[];
}
