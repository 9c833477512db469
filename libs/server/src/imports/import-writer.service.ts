import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CampaignEntity, phaseDeadline } from '../campaigns/campaign.entity';
import { DossierEntity } from '../dossiers/dossier.entity';
import { WorkflowService } from '../workflow/workflow.service';
import { JournalService } from '../dossiers/journal.service';
import { replaceMembers } from '../members/members.service';
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

interface ExistingAttachment {
  id: string;
  filename: string;
  checksum: string | null;
  storage_key: string | null;
}

const RETRYABLE_PG = new Set(['40001', '40P01', '23505']);

/**
 * Writes one imported dossier: creates it (`depose`, journal "importer", outbox event, then `ouvrir_instruction` as the
 * system) or updates its content when what DS says changed; each dossier in its own transaction.
 */
@Injectable()
export class ImportWriter {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: JournalService,
    private readonly transitions: WorkflowService,
  ) {}

  async importRecord(
    t: ImportTarget,
    rec: SourceRecord,
    raw: Record<string, unknown>,
    fetcher: AttachmentFetcher | null,
  ): Promise<RecordOutcome> {
    const mapped = mapRecord(rec, { phase: t.phase, deadline: phaseDeadline(t.campaign, t.phase), mapping: t.mapping });
    if (!mapped.ok) return { outcome: 'skipped', issues: [mapped.reason], transient: false };
    const d = mapped.dossier;
    const issues = [...mapped.warnings];

    let parentId: string | null = null;
    if (t.phase === 2) {
      const [parent] = await this.db.query(
        `SELECT id FROM dossier WHERE campaign_id = $1 AND phase = 1 AND structure_siret = $2
          ORDER BY (invited_to_phase2_at IS NOT NULL) DESC, deposited_at DESC LIMIT 1`,
        [t.campaign.id, d.structureSiret],
      );
      parentId = parent?.id ?? null;
      if (!parentId) issues.push('Aucun dossier de phase 1 de cette structure (même SIRET) dans la campagne.');
    }
    const hash = contentHash(d, parentId);
    const [existing] = await this.db.query(
      `SELECT d.id, r.content_hash FROM dossier d LEFT JOIN dossier_ds_raw r ON r.dossier_id = d.id
        WHERE d.campaign_id = $1 AND d.phase = $2 AND d.ds_number = $3`,
      [t.campaign.id, t.phase, d.dsNumber],
    );
    if (existing && existing.content_hash === hash) return { outcome: 'unchanged', dossierId: existing.id, issues: [], transient: false };

    // Files first, outside any transaction (downloads take time; the row lock must not).
    const have: ExistingAttachment[] = existing
      ? await this.db.query(
          `SELECT id, filename, checksum, storage_key FROM dossier_attachment WHERE dossier_id = $1 AND kind = 'statuts'`,
          [existing.id],
        )
      : [];
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

    for (let attempt = 1; ; attempt++) {
      try {
        const result = await this.db.transaction((tx) => this.writeLocked(tx, t, d, parentId, raw, transient ? null : hash, keep, fresh));
        return { ...result, issues, transient };
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (attempt < 3 && code && RETRYABLE_PG.has(code)) continue;
        throw e;
      }
    }
  }

  private async writeLocked(
    tx: EntityManager,
    t: ImportTarget,
    d: MappedDossier,
    parentId: string | null,
    raw: Record<string, unknown>,
    hash: string | null,
    keep: string[],
    fresh: StoredAttachment[],
  ): Promise<{ outcome: 'created' | 'updated' | 'unchanged'; dossierId: string }> {
    const repo = tx.getRepository(DossierEntity);
    const cur = await repo
      .createQueryBuilder('d')
      .where('d.campaign_id = :c AND d.phase = :p AND d.ds_number = :n', { c: t.campaign.id, p: t.phase, n: d.dsNumber })
      .setLock('pessimistic_write')
      .getOne();

    if (!cur) {
      const saved = await repo.save(
        repo.create({
          campaignId: t.campaign.id,
          phase: t.phase,
          parentDossierId: parentId,
          dsNumber: d.dsNumber,
          ...contentOf(d),
          characterisation: d.fragileTerritory ? { fragileTerritory: d.fragileTerritory } : {},
          memberSirets: [],
          state: 'depose',
          eligibility: 'a_verifier',
          eligibilityDecisions: {},
          source: t.source,
          version: 1,
          updatedAt: new Date(),
        }),
      );
      await this.insertAttachments(tx, saved.id, fresh);
      await this.saveRaw(tx, saved.id, d.dsNumber, raw, hash, t.runId);
      if (d.members) await replaceMembers(tx, saved.id, d.members, t.source);
      await this.journal.append(tx, {
        dossierId: saved.id,
        actorId: t.createdBy,
        actorRole: 'system',
        action: 'importer',
        fromState: null,
        toState: 'depose',
        data: { source: t.source, dsNumber: d.dsNumber, importRunId: t.runId },
        version: 1,
      });
      await this.journal.publish(tx, saved.id, t.campaign.id, [
        { type: 'dossier.depose', payload: { source: t.source, dsNumber: d.dsNumber } },
      ]);
      await this.transitions.systemTransition(tx, saved.id, 'ouvrir_instruction', { data: { source: t.source, importRunId: t.runId } });
      return { outcome: 'created', dossierId: saved.id };
    }

    const before = snapshot(cur);
    const sections = { ...(cur.sections ?? {}), ...d.sections };
    Object.assign(cur, contentOf(d));
    cur.sections = sections;
    if (d.fragileTerritory) cur.characterisation = { ...(cur.characterisation ?? {}), fragileTerritory: d.fragileTerritory };
    if (parentId && !cur.parentDossierId) cur.parentDossierId = parentId;
    const after = snapshot(cur);
    const fields = Object.keys(after).filter((k) => stableJson(after[k]) !== stableJson(before[k]));
    const removed: { id: string }[] = await tx.query(
      `SELECT id FROM dossier_attachment WHERE dossier_id = $1 AND kind = 'statuts' AND NOT (id = ANY($2::uuid[]))`,
      [cur.id, keep],
    );
    if (removed.length) await tx.query(`DELETE FROM dossier_attachment WHERE id = ANY($1::uuid[])`, [removed.map((r) => r.id)]);
    await this.insertAttachments(tx, cur.id, fresh);
    if (removed.length || fresh.length) fields.push('attachments');
    if (d.members && stableJson(await memberRows(tx, cur.id)) !== stableJson(d.members)) {
      await replaceMembers(tx, cur.id, d.members, t.source);
      fields.push('members');
    }
    await this.saveRaw(tx, cur.id, d.dsNumber, raw, hash, t.runId);
    if (!fields.length) return { outcome: 'unchanged', dossierId: cur.id };
    cur.version += 1;
    cur.updatedAt = new Date();
    await repo.save(cur);
    await this.journal.append(tx, {
      dossierId: cur.id,
      actorId: t.createdBy,
      actorRole: 'system',
      action: 'reimporter',
      fromState: cur.state,
      toState: cur.state,
      data: { source: t.source, dsNumber: d.dsNumber, importRunId: t.runId, fields },
      version: cur.version,
    });
    return { outcome: 'updated', dossierId: cur.id };
  }

  private async insertAttachments(tx: EntityManager, dossierId: string, files: StoredAttachment[]): Promise<void> {
    for (const a of files) {
      await tx.query(
        `INSERT INTO dossier_attachment (dossier_id, kind, filename, content_type, byte_size, checksum, storage_key, source_url) VALUES ($1,'statuts',$2,$3,$4,$5,$6,$7)`,
        [dossierId, a.filename, a.contentType, a.byteSize, a.checksum, a.storageKey, a.sourceUrl],
      );
    }
  }

  private async saveRaw(
    tx: EntityManager,
    dossierId: string,
    dsNumber: number,
    raw: Record<string, unknown>,
    hash: string | null,
    runId: string,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO dossier_ds_raw (dossier_id, ds_number, payload, content_hash, import_run_id, updated_at) VALUES ($1,$2,$3,$4,$5,now())
       ON CONFLICT (dossier_id) DO UPDATE SET ds_number = EXCLUDED.ds_number, payload = EXCLUDED.payload, content_hash = EXCLUDED.content_hash,
         import_run_id = EXCLUDED.import_run_id, updated_at = now()`,
      [dossierId, dsNumber, raw, hash, runId],
    );
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

/** The dossier's member list as the import compares it (name, SIRET, kind, in order). */
async function memberRows(tx: EntityManager, dossierId: string) {
  const rows: { name: string; siret: string | null; kind: string }[] = await tx.query(
    `SELECT name, siret, kind FROM dossier_member WHERE dossier_id = $1 ORDER BY position`,
    [dossierId],
  );
  return rows;
}
