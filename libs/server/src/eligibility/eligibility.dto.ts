import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsObject, IsString, MaxLength, MinLength } from 'class-validator';
import { BulkDossierIdsDto } from '../dossiers/bulk';

export class EligibilityUpdateDto {
  @ApiProperty({
    description:
      'Décision par critère : {"forme_juridique": {"status": "ok"|"ko", "reason": "…"}} ; null retire la décision. Une justification est obligatoire pour s’écarter du résultat automatique ou trancher un critère « à vérifier ».',
    example: {
      forme_juridique: { status: 'ok' },
      gouvernance_democratique: { status: 'ok', reason: 'Collèges et AG décrits dans les statuts.' },
    },
  })
  @IsObject({ message: 'Les décisions doivent être un objet {critère: décision}.' })
  decisions: Record<string, { status: string; reason?: string | null } | null>;

  @ApiProperty()
  @IsInt({ message: 'La version du dossier (expectedVersion) est obligatoire.' })
  expectedVersion: number;
}

export class BulkEligibilityDto extends BulkDossierIdsDto {
  @ApiProperty({
    description: 'Justification commune, enregistrée sur chaque critère confirmé',
    example: 'Pré-contrôle vérifié sur les statuts et l’extrait SIRENE.',
  })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString({ message: 'La justification commune est obligatoire.' })
  @MinLength(3, { message: 'La justification commune est obligatoire (3 caractères au moins).' })
  @MaxLength(5000, { message: 'Justification trop longue (5000 caractères au plus).' })
  justification: string;
}
