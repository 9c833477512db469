import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import { getAvisGrid, isAvisPhase } from '@ptce/domain';
import { AppError } from '../common/app-error';
import { AuthUser, CurrentUser, Roles } from '../common/auth.decorators';
import { AvisService } from './avis.service';

@ApiTags('avis')
@ApiBearerAuth()
@Controller()
export class AvisSynthesisController {
  constructor(private readonly avis: AvisService) {}

  /** Per-criterion scores of every rendered avis, means, spreads, recommendation counts, divergences. */
  @Roles('instructeur', 'cabinet', 'admin')
  @Get('dossiers/:id/avis-synthesis')
  synthesis(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.avis.synthesis(user, id);
  }

  /** The grid as data (entries, maturity, typology, recommendations, rules): what `scores` keys and values must be. */
  @Get('avis-grid')
  @ApiQuery({ name: 'phase', enum: [1, 2], required: false })
  grid(@Query('phase') phase?: string) {
    const p = phase === undefined || phase === '' ? 1 : Number(phase);
    if (!isAvisPhase(p)) throw AppError.validation({ phase: 'La phase vaut 1 ou 2.' });
    return getAvisGrid(p);
  }
}
