import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsInt } from 'class-validator';

export class MembersUpdateDto {
  @ApiProperty({
    description:
      'La liste complète des membres du PTCE, dans l’ordre : {name, siret?, kind} ; kind parmi ess, entreprise, collectivite, recherche, formation, institution, autre.',
    example: [
      { name: 'Coopérative Alpha', siret: '12345678900012', kind: 'ess' },
      { name: 'Menuiserie Béta', siret: null, kind: 'entreprise' },
    ],
  })
  @IsArray({ message: 'La liste des membres doit être un tableau.' })
  members: unknown[];

  @ApiProperty()
  @IsInt({ message: 'La version du dossier (expectedVersion) est obligatoire.' })
  expectedVersion: number;
}
