import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { SelectionController } from './selection.controller';
import { SelectionRepository } from './selection.repository';
import { SelectionService } from './selection.service';

/** The cabinet's selection (the workflow service calls its decision check): board, decisions, arrêt, annex, re-opening, publication, phase-2 invitations. */
@Module({
  imports: [DossiersModule],
  controllers: [SelectionController],
  providers: [SelectionService, SelectionRepository],
  exports: [SelectionService, SelectionRepository],
})
export class SelectionModule {}
