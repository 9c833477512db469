import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CampaignEntity, phaseDeadline } from '../campaigns/campaign.entity';
import { DossierEntity } from '../dossiers/dossier.entity';
import { WorkflowService } from '../workflow/workflow.service';
import { MembersRepository } from '../members/members.repository';
import { ExistingAttachment, ImportsRepository } from './imports.repository';
import { forEachLimit } from './run-progress';
import { StoredAttachment } from './attachment-store';
import { AttachmentRefused } from './ds/ds-client';
import { MappingFields } from './mapping/ds-mapping';
import { contentHash, MappedDossier, mapRecord, SourceRecord, stableJson } from './mapping/map-record';
import type { SourceFile } from './mapping/values';

/** What one import run writes into: campaign, phase, mapping, and who asked. */
export interface ImportTarget {
  runId: string;
  createdBy: string | null;
  campaign: CampaignEntity;
  phase: 1 | 2;
  source: 'ds' | 'fichier';
  mapping: MappingFields;
}

export interface RecordOutcome {
  outcome: 'created' | 'updated' | 'unchanged' | 'skipped';
  dossierId?: string;
  /** Problems to report with the dossier (a skipped one has its reason here). */
  issues: string[];
  /** A later run may do better (network, expired link, database conflict): the dossier is not marked up to date. */
  transient: boolean;
}

/** Fetches one file (DS import); absent for file imports, which only list names. */
export type AttachmentFetcher = (file: SourceFile, dsNumber: number) => Promise<StoredAttachment>;

const RETRYABLE_PG = new Set(['40001', '40P01', '23505']);

/** One dossier read, mapped and with its files fetched: what remains is to write it. */
interface Prepared {
  d: MappedDossier;
  raw: Record<string, unknown>;
  parentId: string | null;
  /** Null when a file failed for a passing reason: the dossier is not marked up to date. */
  hash: string | null;
  existingId: string | null;
  keep: string[];
  fresh: StoredAttachment[];
  issues: string[];
  transient: boolean;
}

/** What the import already knows about a page's dossiers (one query each instead of one per dossier). */
interface Known {
  parents: Map<string, string>;
  existing: Map<number, { id: string; contentHash: string | null }>;
  statuts: Map<string, ExistingAttachment[]>;
}

export interface PageItem {
  rec: SourceRecord;
  raw: Record<string, unknown>;
}

/**
 * Writes imported dossiers: creates them (`depose`, journal "importer", outbox event, then `ouvrir_instruction` as
 * the system) or updates their content when what DS says changed. A DS page's new dossiers go in together (one
 * statement per table, one transaction; if it fails, each one again in its own); an update is one transaction per
 * dossier (its row locked while compared).
 */
@Injectable()
export class ImportWriter {
  private readonly logger = new Logger('ImportWriter');

  constructor(
    private readonly repo: ImportsRepository,
    private readonly members: MembersRepository,
    private readonly transitions: WorkflowService,
  ) {}

  /** One record on its own (file imports, row by row). */
  async importRecord(
    t: ImportTarget,
    rec: SourceRecord,
    raw: Record<string, unknown>,
    fetcher: AttachmentFetcher | null,
  ): Promise<RecordOutcome> {
    const mapped = this.map(t, rec);
    if (!mapped.ok) return { outcome: 'skipped', issues: [mapped.reason], transient: false };
    const known = await this.lookup(t, [mapped.dossier]);
    const p = await this.prepare(t, mapped, raw, fetcher, known);
    return 'outcome' in p ? p : this.writeOne(t, p);
  }

  /**
   * A page of records, at most `concurrency` at a time in page order; `before` runs before each (it throws to stop the
   * run: what was prepared until then is still written) and `done` receives each outcome.
   */
  async importPage(
    t: ImportTarget,
    items: readonly PageItem[],
    fetcher: AttachmentFetcher | null,
    concurrency: number,
    before: () => Promise<void>,
    done: (out: RecordOutcome, rec: SourceRecord) => void,
  ): Promise<void> {
    const mapped = items.map((it) => this.map(t, it.rec));
    const known = await this.lookup(
      t,
      mapped.flatMap((m) => (m.ok ? [m.dossier] : [])),
    );
    const pending: { p: Prepared; rec: SourceRecord }[] = [];
    // The first stop (cancellation) ends every loop at its next record; the ones under way finish.
    let stop: { e: unknown } | null = null;
    await forEachLimit(items, concurrency, async (it, i) => {
      if (stop) return;
      try {
        await before();
      } catch (e) {
        stop ??= { e };
        return;
      }
      const m = mapped[i]!;
      try {
        if (!m.ok) return done({ outcome: 'skipped', issues: [m.reason], transient: false }, it.rec);
        const p = await this.prepare(t, m, it.raw, fetcher, known);
        if ('outcome' in p) return done(p, it.rec);
        if (p.existingId) return done(await this.writeOne(t, p), it.rec);
        pending.push({ p, rec: it.rec });
      } catch (e) {
        done(this.failed(e, it.rec.dsNumber), it.rec);
      }
    });
    // Also when the run stops midway: the new dossiers whose files are fetched are written, then the stop goes on.
    const outs = await this.writeNew(
      t,
      pending.map((x) => x.p),
    );
    outs.forEach((out, k) => done(out, pending[k]!.rec));
    if (stop) throw (stop as { e: unknown }).e;
  }

  private failed(e: unknown, dsNumber: number | null | undefined): RecordOutcome {
    this.logger.warn({ err: e, dsNumber }, 'dossier import failed');
    return { outcome: 'skipped', issues: [`Erreur inattendue à l’enregistrement : ${(e as Error).message}`], transient: true };
  }

  private map(t: ImportTarget, rec: SourceRecord) {
    return mapRecord(rec, { phase: t.phase, deadline: phaseDeadline(t.campaign, t.phase), mapping: t.mapping });
  }

  private async lookup(t: ImportTarget, ds: MappedDossier[]): Promise<Known> {
    const parents =
      t.phase === 2
        ? await this.repo.phase1ParentsBySiret(
            t.campaign.id,
            ds.map((d) => d.structureSiret),
          )
        : new Map();
    const existing = await this.repo.existingByDsNumber(
      t.campaign.id,
      t.phase,
      ds.map((d) => d.dsNumber),
    );
    // Only the dossiers that changed need their files compared.
    const changed = ds.flatMap((d) => {
      const e = existing.get(d.dsNumber);
      return e && e.contentHash !== contentHash(d, parents.get(d.structureSiret) ?? null) ? [e.id] : [];
    });
    return { parents, existing, statuts: await this.repo.statutsOf(changed) };
  }

  /** Decides unchanged or not, then fetches the files that are new (outside any transaction: downloads take time). */
  private async prepare(
    t: ImportTarget,
    mapped: { ok: true; dossier: MappedDossier; warnings: string[] },
    raw: Record<string, unknown>,
    fetcher: AttachmentFetcher | null,
    known: Known,
  ): Promise<Prepared | RecordOutcome> {
    const d = mapped.dossier;
    const issues = [...mapped.warnings];
    let parentId: string | null = null;
    if (t.phase === 2) {
      parentId = known.parents.get(d.structureSiret) ?? null;
      if (!parentId) issues.push('Aucun dossier de phase 1 de cette structure (même SIRET) dans la campagne.');
    }
    const hash = contentHash(d, parentId);
    const existing = known.existing.get(d.dsNumber);
    if (existing && existing.contentHash === hash) return { outcome: 'unchanged', dossierId: existing.id, issues: [], transient: false };

    const have: ExistingAttachment[] = existing ? (known.statuts.get(existing.id) ?? []) : [];
    const keep: string[] = [];
    const fresh: StoredAttachment[] = [];
    let transient = false;
    for (const f of d.statuts) {
      const same = have.find(
        (a) =>
          !keep.includes(a.id) &&
          (f.checksum ? a.checksum === f.checksum && a.storage_key !== null : a.filename === f.filename && a.storage_key === null),
      );
      if (same) {
        keep.push(same.id);
        continue;
      }
      if (fetcher && f.url) {
        try {
          fresh.push(await fetcher(f, d.dsNumber));
        } catch (e) {
          if (!(e instanceof AttachmentRefused)) throw e;
          issues.push(`Pièce « ${f.filename} » non importée : ${e.message}.`);
          transient ||= e.transient;
        }
      } else {
        fresh.push({
          filename: f.filename,
          contentType: f.contentType ?? null,
          byteSize: f.byteSize ?? null,
          checksum: f.checksum ?? null,
          storageKey: null,
          sourceUrl: f.url ?? null,
        });
      }
    }
    return { d, raw, parentId, hash: transient ? null : hash, existingId: existing?.id ?? null, keep, fresh, issues, transient };
  }

  /** One dossier in its own transaction, retried on a serialisation failure, deadlock or a concurrent creation. */
  private async writeOne(t: ImportTarget, p: Prepared): Promise<RecordOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.repo.db.transaction((tx) => this.writeLocked(tx, t, p));
        return { ...result, issues: p.issues, transient: p.transient };
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (attempt < 3 && code && RETRYABLE_PG.has(code)) continue;
        throw e;
      }
    }
  }

  /** The page's new dossiers in one transaction; if it fails (or one was created meanwhile), those one by one. */
  private async writeNew(t: ImportTarget, ps: Prepared[]): Promise<RecordOutcome[]> {
    if (!ps.length) return [];
    // A DS number twice in one page: the second one is written after the first, on its own.
    const firsts = ps.filter((p, i) => ps.findIndex((q) => q.d.dsNumber === p.d.dsNumber) === i);
    let ids = new Map<number, string>();
    try {
      ids = await this.repo.db.transaction((tx) => this.createIn(tx, t, firsts));
    } catch (e) {
      this.logger.warn({ err: e, runId: t.runId, dossiers: ps.length }, 'page write failed, writing its dossiers one by one');
      ids = new Map();
    }
    const outs: RecordOutcome[] = [];
    for (const p of ps) {
      const id = ids.get(p.d.dsNumber);
      ids.delete(p.d.dsNumber);
      if (id) outs.push({ outcome: 'created', dossierId: id, issues: p.issues, transient: p.transient });
      else outs.push(await this.writeOne(t, p).catch((e) => this.failed(e, p.d.dsNumber)));
    }
    return outs;
  }

  /** Creates the dossiers (one statement per table), then opens their instruction one by one (the workflow's rules). */
  private async createIn(tx: EntityManager, t: ImportTarget, ps: Prepared[]): Promise<Map<number, string>> {
    const ids = await this.repo.insertDossiers(
      tx,
      ps.map((p) => ({ d: p.d, campaignId: t.campaign.id, phase: t.phase, parentId: p.parentId, source: t.source })),
    );
    const made = ps.flatMap((p) => {
      const id = ids.get(p.d.dsNumber);
      return id ? [{ p, id }] : [];
    });
    await this.repo.insertStatuts(
      tx,
      made.map(({ p, id }) => ({ dossierId: id, files: p.fresh })),
    );
    await this.repo.saveRaw(
      tx,
      made.map(({ p, id }) => ({ dossierId: id, dsNumber: p.d.dsNumber, raw: p.raw, hash: p.hash })),
      t.runId,
    );
    // The members area owns dossier_member: the page's new lists in one statement (their SIRETs are already on the rows).
    await this.members.insertForNewDossiers(
      tx,
      made.map(({ p, id }) => ({ dossierId: id, members: p.d.members ?? [] })),
      t.source,
    );
    await this.repo.appendJournal(
      tx,
      made.map(({ p, id }) => ({
        dossierId: id,
        actorId: t.createdBy,
        actorRole: 'system',
        action: 'importer',
        fromState: null,
        toState: 'depose',
        data: { source: t.source, dsNumber: p.d.dsNumber, importRunId: t.runId },
        version: 1,
      })),
    );
    await this.repo.publish(
      tx,
      made.map(({ p, id }) => ({
        dossierId: id,
        campaignId: t.campaign.id,
        event: { type: 'dossier.depose', payload: { source: t.source, dsNumber: p.d.dsNumber } },
      })),
    );
    for (const { id } of made)
      await this.transitions.systemTransition(tx, id, 'ouvrir_instruction', { data: { source: t.source, importRunId: t.runId } });
    return ids;
  }

  /** The dossier's member list as the import compares it with DS's (name, SIRET, kind, in order). */
  private async memberList(tx: EntityManager, dossierId: string): Promise<{ name: string; siret: string | null; kind: string }[]> {
    return (await this.members.findByDossier(tx, dossierId)).map(({ name, siret, kind }) => ({ name, siret, kind }));
  }

  private async writeLocked(
    tx: EntityManager,
    t: ImportTarget,
    p: Prepared,
  ): Promise<{ outcome: 'created' | 'updated' | 'unchanged'; dossierId: string }> {
    const { d } = p;
    const cur = await this.repo.lockByDsNumber(tx, t.campaign.id, t.phase, d.dsNumber);
    if (!cur) {
      const id = (await this.createIn(tx, t, [p])).get(d.dsNumber);
      // Created by someone else since the lock was asked for: a retry finds it and updates it.
      if (!id) throw Object.assign(new Error('dossier créé entre-temps'), { code: '23505' });
      return { outcome: 'created', dossierId: id };
    }

    const before = snapshot(cur);
    const sections = { ...(cur.sections ?? {}), ...d.sections };
    Object.assign(cur, contentOf(d));
    cur.sections = sections;
    if (d.fragileTerritory) cur.characterisation = { ...(cur.characterisation ?? {}), fragileTerritory: d.fragileTerritory };
    if (p.parentId && !cur.parentDossierId) cur.parentDossierId = p.parentId;
    const after = snapshot(cur);
    const fields = Object.keys(after).filter((k) => stableJson(after[k]) !== stableJson(before[k]));
    // Files kept are those matched against the dossier's files when prepared (a new dossier has none).
    const keep = p.existingId === cur.id ? p.keep : [];
    const removed = await this.repo.removeStatutsExcept(tx, cur.id, keep);
    await this.repo.insertStatuts(tx, [{ dossierId: cur.id, files: p.fresh }]);
    if (removed || p.fresh.length) fields.push('attachments');
    if (d.members && stableJson(await this.memberList(tx, cur.id)) !== stableJson(d.members)) {
      await this.members.replace(tx, cur.id, d.members, t.source);
      fields.push('members');
    }
    await this.repo.saveRaw(tx, [{ dossierId: cur.id, dsNumber: d.dsNumber, raw: p.raw, hash: p.hash }], t.runId);
    if (!fields.length) return { outcome: 'unchanged', dossierId: cur.id };
    cur.version += 1;
    cur.updatedAt = new Date();
    await tx.getRepository(DossierEntity).save(cur);
    await this.repo.appendJournal(tx, [
      {
        dossierId: cur.id,
        actorId: t.createdBy,
        actorRole: 'system',
        action: 'reimporter',
        fromState: cur.state,
        toState: cur.state,
        data: { source: t.source, dsNumber: d.dsNumber, importRunId: t.runId, fields },
        version: cur.version,
      },
    ]);
    return { outcome: 'updated', dossierId: cur.id };
  }
}

/** The dossier columns an import sets. */
function contentOf(d: MappedDossier): Partial<DossierEntity> {
  return {
    projectName: d.projectName,
    region: d.region,
    structureSiret: d.structureSiret,
    structureName: d.structureName,
    structureLegalForm: d.structureLegalForm,
    structureLegalFormCode: d.structureLegalFormCode,
    structureLegalCategory: d.structureLegalCategory,
    structureEsus: d.structureEsus,
    structureEsusDate: d.structureEsusDate,
    referentName: d.referentName,
    referentEmail: d.referentEmail,
    referentPhone: d.referentPhone,
    sections: d.sections,
    amountRequestedCents: d.amountRequestedCents,
    depositedAt: d.depositedAt,
    lateDeposit: d.lateDeposit,
  };
}

function snapshot(d: DossierEntity): Record<string, unknown> {
  return {
    projectName: d.projectName,
    region: d.region,
    structureSiret: d.structureSiret,
    structureName: d.structureName,
    structureLegalForm: d.structureLegalForm,
    structureLegalFormCode: d.structureLegalFormCode,
    structureEsus: d.structureEsus,
    structureEsusDate: d.structureEsusDate,
    referentName: d.referentName,
    referentEmail: d.referentEmail,
    referentPhone: d.referentPhone,
    sections: d.sections,
    characterisation: d.characterisation,
    amountRequestedCents: d.amountRequestedCents === null || d.amountRequestedCents === undefined ? null : Number(d.amountRequestedCents),
    depositedAt: new Date(d.depositedAt).toISOString(),
    lateDeposit: d.lateDeposit,
    parentDossierId: d.parentDossierId,
  };
}
