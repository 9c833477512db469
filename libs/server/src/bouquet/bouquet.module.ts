import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { BouquetController } from './bouquet.controller';
import { BouquetService } from './bouquet.service';

@Module({ imports: [DossiersModule], controllers: [BouquetController], providers: [BouquetService] })
export class BouquetModule {}
