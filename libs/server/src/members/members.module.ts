import { Module } from '@nestjs/common';
import { DossiersModule } from '../dossiers/dossiers.module';
import { MembersController } from './members.controller';
import { MembersService } from './members.service';

@Module({ imports: [DossiersModule], controllers: [MembersController], providers: [MembersService], exports: [MembersService] })
export class MembersModule {}
