import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { BouquetController } from './bouquet.controller';
import { BouquetRepository } from './bouquet.repository';
import { BouquetService } from './bouquet.service';

@Module({ imports: [DossiersModule], controllers: [BouquetController], providers: [BouquetService, BouquetRepository] })
export class BouquetModule {}
