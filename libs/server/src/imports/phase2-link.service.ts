import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { UUID_RE } from '../common/list-query';
import { DossiersService, primaryRole, versionConflict } from '../dossiers/dossiers.service';
import { JournalService } from '../dossiers/journal.service';
import { ImportsRepository } from './imports.repository';

/**
 * `POST /api/dossiers/:id/parent`: the instructeur links by hand a phase-2 dossier the import could not link by SIRET
 * ("non rattaché") to the phase-1 dossier of the same structure in the same campaign (or corrects a link). Under the
 * row lock, version compared when given, journaled ("rattacher_phase1"); the "invité en phase 2" criterion then reads
 * the phase-1 dossier's invitation.
 */
@Injectable()
export class Phase2LinkService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dossiers: DossiersService,
    private readonly journal: JournalService,
    private readonly repo: ImportsRepository,
  ) {}

  async link(user: AuthUser, id: string, parentDossierId: string, expectedVersion: number | undefined, requestId: string | null) {
    await this.db.transaction(async (tx) => {
      const d = await this.dossiers.findScoped(tx, user, id, true);
      if (expectedVersion !== undefined && expectedVersion !== d.version) throw versionConflict(d.version);
      if (d.phase !== 2) {
        throw AppError.validation(
          { parentDossierId: 'Seul un dossier de phase 2 se rattache à un dossier de phase 1.' },
          'Ce dossier est un dossier de phase 1 : il n’a pas de dossier parent.',
        );
      }
      const parent = UUID_RE.test(parentDossierId) ? await this.repo.findDossier(tx, parentDossierId) : null;
      if (!parent || parent.campaignId !== d.campaignId || parent.phase !== 1) {
        throw AppError.validation(
          { parentDossierId: 'Dossier de phase 1 introuvable dans cette campagne.' },
          'Le dossier parent doit être un dossier de phase 1 de la même campagne.',
        );
      }
      if (d.parentDossierId === parent.id) return;
      const previous = d.parentDossierId;
      d.parentDossierId = parent.id;
      d.version += 1;
      await this.repo.setParent(tx, d.id, parent.id, d.version);
      await this.journal.append(tx, {
        dossierId: d.id,
        actorId: user.id,
        actorRole: primaryRole(user),
        action: 'rattacher_phase1',
        fromState: d.state,
        toState: d.state,
        data: {
          parentDossierId: parent.id,
          parentDsNumber: parent.dsNumber,
          previousParentDossierId: previous,
          sameSiret: parent.structureSiret === d.structureSiret,
        },
        requestId,
        version: d.version,
      });
    });
    return this.dossiers.get(user, id);
  }
}
