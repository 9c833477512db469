import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { EligibilityController } from './eligibility.controller';
import { EligibilityService } from './eligibility.service';

@Module({ imports: [DossiersModule], controllers: [EligibilityController], providers: [EligibilityService] })
export class EligibilityModule {}
