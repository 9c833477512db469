import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ineligibilityMotif, isFinalState, validateChecklistDecisions } from '@ptce/domain';
import { AppError } from '../common/app-error';
import type { AuthUser } from '../common/auth.decorators';
import { DossierEntity } from '../dossiers/dossier.entity';
import { loadDossierChecklist } from '../dossiers/dossier-checklist';
import { DossiersService, primaryRole, versionConflict } from '../dossiers/dossiers.service';
import { JournalService } from '../dossiers/journal.service';
import { BulkResult, runBulk } from '../dossiers/bulk';
import { BulkEligibilityDto, EligibilityUpdateDto } from './eligibility.dto';
import { EligibilityRepository } from './eligibility.repository';

@Injectable()
export class EligibilityService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dossiers: DossiersService,
    private readonly journal: JournalService,
    private readonly repo: EligibilityRepository,
  ) {}

  private async view(tx: EntityManager, d: DossierEntity) {
    const { checklist } = await loadDossierChecklist(tx, d);
    const deciders = [
      ...new Set(
        Object.values(d.eligibilityDecisions ?? {})
          .map((x) => x.by)
          .filter((x): x is string => !!x),
      ),
    ];
    const names = new Map<string, string>(
      deciders.length ? (await this.repo.deciderNames(deciders, tx)).map((u) => [u.id, u.full_name]) : [],
    );
    return {
      dossierId: d.id,
      version: d.version,
      state: d.state,
      eligibility: d.eligibility,
      items: checklist.items.map((i) => ({
        code: i.code,
        label: i.label,
        auto: i.auto,
        reason: i.reason,
        decision: i.decision
          ? {
              ...i.decision,
              by: d.eligibilityDecisions[i.code]?.by ?? null,
              byName: names.get(d.eligibilityDecisions[i.code]?.by ?? '') ?? null,
              at: d.eligibilityDecisions[i.code]?.at ?? null,
            }
          : null,
        final: i.final,
        overridden: i.overridden,
        error: i.error ?? null,
      })),
      allResolved: checklist.allResolved,
      allPassed: checklist.allPassed,
      // Prefilled from what failed, decided or not yet: the instructeur edits it before declaring ineligible.
      proposedMotif:
        ineligibilityMotif({ items: checklist.items.map((i) => ({ ...i, final: i.final ?? (i.auto === 'ko' ? 'ko' : null) })) }) || null,
    };
  }

  async get(user: AuthUser, id: string) {
    const d = await this.dossiers.findScoped(this.db.manager, user, id);
    return this.view(this.db.manager, d);
  }

  async update(user: AuthUser, id: string, dto: EligibilityUpdateDto, requestId: string | null) {
    return this.db.transaction(async (tx) => {
      const d = await this.dossiers.findScoped(tx, user, id, true);
      if (dto.expectedVersion !== d.version) throw versionConflict(d.version);
      if (isFinalState(d.state) || d.state === 'instruit') {
        throw AppError.conflict(
          'TRANSITION_NOT_ALLOWED',
          'L’éligibilité ne se modifie plus à ce stade : repassez d’abord le dossier en instruction.',
        );
      }
      const before = (await this.view(tx, d)).items;
      // Null prototype: a criterion code is a key of this object, never a path to Object.prototype.
      const merged: typeof d.eligibilityDecisions = Object.assign(Object.create(null), d.eligibilityDecisions);
      const now = new Date().toISOString();
      const known = new Set(before.map((i) => i.code as string));
      for (const [code, dec] of Object.entries(dto.decisions)) {
        // Every key is a criterion of this phase and every decision exactly {status, reason?}: nothing else is stored.
        if (!known.has(code)) throw AppError.validation({ [`decisions.${code}`]: 'Critère d’éligibilité inconnu.' });
        if (dec === null) delete merged[code];
        else if (
          typeof dec !== 'object' ||
          Array.isArray(dec) ||
          typeof dec.status !== 'string' ||
          Object.keys(dec).some((k) => k !== 'status' && k !== 'reason') ||
          (dec.reason !== undefined && dec.reason !== null && typeof dec.reason !== 'string')
        )
          throw AppError.validation({ [`decisions.${code}`]: 'Décision invalide : {status, reason} attendu.' });
        else
          merged[code] = {
            status: String(dec.status),
            reason: typeof dec.reason === 'string' ? dec.reason.trim() || null : null,
            by: user.id,
            at: now,
          };
      }
      const errors = validateChecklistDecisions(
        before.map((i) => ({ code: i.code, label: i.label, auto: i.auto, reason: i.reason })),
        merged as never,
      );
      if (Object.keys(errors).length) {
        const details: Record<string, string> = {};
        for (const [k, v] of Object.entries(errors)) details[`decisions.${k}`] = v;
        throw AppError.validation(details, 'Certaines décisions d’éligibilité sont incomplètes : une justification écrite est requise.');
      }
      d.eligibilityDecisions = merged;
      d.version += 1;
      d.updatedAt = new Date();
      await tx.getRepository(DossierEntity).save(d);
      await this.journal.append(tx, {
        dossierId: d.id,
        actorId: user.id,
        actorRole: primaryRole(user),
        action: 'modifier_eligibilite',
        fromState: d.state,
        toState: d.state,
        data: { decisions: dto.decisions },
        requestId,
        version: d.version,
      });
      return this.view(tx, d);
    });
  }

  /**
   * Bulk from the dossier list: on each dossier, every criterion whose pre-check is "satisfait" and not decided yet is
   * confirmed with the shared justification (same rules, journal and version bump as one by one). A dossier with
   * nothing left to confirm is reported as applied with confirmed: 0; one whose eligibility can no longer change, refused.
   */
  async bulkConfirm(user: AuthUser, dto: BulkEligibilityDto, requestId: string | null): Promise<BulkResult> {
    return runBulk(dto.dossierIds, async (id) => {
      const current = await this.get(user, id);
      const decisions: EligibilityUpdateDto['decisions'] = {};
      for (const i of current.items) if (i.auto === 'ok' && !i.decision) decisions[i.code] = { status: 'ok', reason: dto.justification };
      const confirmed = Object.keys(decisions).length;
      const after = confirmed ? await this.update(user, id, { decisions, expectedVersion: current.version }, requestId) : current;
      return {
        state: after.state,
        version: after.version,
        confirmed,
        allResolved: after.allResolved,
        allPassed: after.allPassed,
      };
    });
  }
}
