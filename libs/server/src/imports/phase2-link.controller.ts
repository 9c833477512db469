import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsUUID, Min } from 'class-validator';
import type { Request } from 'express';
import { CurrentUser, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { uuidPipe } from '../common/uuid.pipe';
import { requestIdOf } from '../dossiers/dossiers.controller';
import { Phase2LinkService } from './phase2-link.service';

export class LinkParentDto {
  @ApiProperty({ format: 'uuid', description: 'Le dossier de phase 1 de la même structure, dans la même campagne' })
  @IsUUID('4', { message: 'Dossier de phase 1 invalide.' })
  parentDossierId: string;

  @ApiPropertyOptional({ description: 'Version du dossier lue par l’appelant (409 VERSION_CONFLICT si elle a changé)' })
  @IsOptional()
  @IsInt({ message: 'La version est un entier.' })
  @Min(1, { message: 'La version est un entier positif.' })
  expectedVersion?: number;
}

/** Phase-2 intake: links by hand a phase-2 dossier to its phase-1 dossier (the import links by SIRET when it can). */
@ApiTags('dossiers')
@ApiBearerAuth()
@Controller('dossiers')
export class Phase2LinkController {
  constructor(private readonly links: Phase2LinkService) {}

  @Roles('instructeur', 'admin')
  @Post(':id/parent')
  @HttpCode(200)
  link(@CurrentUser() user: AuthUser, @Param('id', uuidPipe) id: string, @Body() dto: LinkParentDto, @Req() req: Request) {
    return this.links.link(user, id, dto.parentDossierId, dto.expectedVersion, requestIdOf(req));
  }
}
