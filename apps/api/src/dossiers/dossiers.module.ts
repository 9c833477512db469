import { Module } from '@nestjs/common';
import { DossierExportService } from '../exports/dossier-export.service';
import { DossierTransitionsController } from './dossier-transitions.controller';
import { DossierTransitionsService } from './dossier-transitions.service';
import { DossiersController } from './dossiers.controller';
import { DossiersService } from './dossiers.service';
import { JournalService } from './journal.service';
import { WorkflowHooks } from './workflow-hooks';

@Module({
  controllers: [DossiersController, DossierTransitionsController],
  providers: [DossiersService, DossierTransitionsService, JournalService, WorkflowHooks, DossierExportService],
  exports: [DossiersService, DossierTransitionsService, JournalService, WorkflowHooks],
})
export class DossiersModule {}
