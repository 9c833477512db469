import { Module } from '@nestjs/common';
import { DossierExportService } from '../exports/dossier-export.service';
import { DossierTransitionsService } from './dossier-transitions.service';
import { DossiersController } from './dossiers.controller';
import { DossiersRepository } from './dossiers.repository';
import { DossiersService } from './dossiers.service';
import { JournalService } from './journal.service';

@Module({
  controllers: [DossiersController],
  providers: [DossiersService, DossierTransitionsService, JournalService, DossiersRepository, DossierExportService],
  exports: [DossiersService, DossierTransitionsService, JournalService, DossiersRepository],
})
export class DossiersModule {}
