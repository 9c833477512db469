import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsObject, IsOptional } from 'class-validator';

const toPhase = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value);

export class StartDsImportDto {
  @ApiProperty({ enum: [1, 2] })
  @Transform(toPhase)
  @IsIn([1, 2], { message: 'La phase vaut 1 ou 2.' })
  phase: 1 | 2;

  @ApiPropertyOptional({
    enum: ['incremental', 'full'],
    description: 'incremental (défaut) : seulement les dossiers modifiés depuis le dernier import réussi ; full : tous les dossiers',
  })
  @IsOptional()
  @IsIn(['incremental', 'full'], { message: 'Le mode vaut « incremental » ou « full ».' })
  mode?: 'incremental' | 'full';
}

export class FileImportDto {
  @ApiProperty({ enum: [1, 2] })
  @Transform(toPhase)
  @IsIn([1, 2], { message: 'La phase vaut 1 ou 2.' })
  phase: 1 | 2;
}

export class DsMappingDto {
  @ApiProperty({
    description:
      'Cible → libellé du champ sur DS (ou de la colonne de l’export) ; null : non importé ; une cible absente garde son libellé par défaut',
    example: { projectName: 'Nom du projet', 'sections.gouvernance': 'Mode de gouvernance' },
  })
  @IsObject({ message: 'La correspondance doit être un objet {cible: libellé}.' })
  fields: Record<string, string | null>;

  // What GET answers besides `fields` is tolerated and ignored, so the body a client read can be sent back as is.
  @ApiPropertyOptional({ readOnly: true }) @IsOptional() campaignId?: unknown;
  @ApiPropertyOptional({ readOnly: true }) @IsOptional() isDefault?: unknown;
  @ApiPropertyOptional({ readOnly: true }) @IsOptional() targets?: unknown;
}
