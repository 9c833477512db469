import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { BulkEligibilityController, EligibilityController } from './eligibility.controller';
import { EligibilityRepository } from './eligibility.repository';
import { EligibilityService } from './eligibility.service';

@Module({
  imports: [DossiersModule],
  controllers: [BulkEligibilityController, EligibilityController],
  providers: [EligibilityService, EligibilityRepository],
})
export class EligibilityModule {}
