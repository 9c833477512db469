import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsObject } from 'class-validator';

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
