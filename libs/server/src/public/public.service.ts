import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error';
import { UUID_RE } from '../common/list-query';
import { Phase } from '../selection/phase';
import { publishedOf, SelectionService } from '../selection/selection.service';

/** What is public about a lauréat: nothing personal (no referent, contact, avis, score, motif). */
export interface PublicLaureat {
  projectName: string;
  structureName: string;
  region: string;
  regionLabel: string;
  amountCents?: number;
}

export interface PublicList {
  campaignName: string;
  phase: Phase;
  publishedAt: Date;
  laureats: PublicLaureat[];
}

@Injectable()
export class PublicService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly selection: SelectionService,
  ) {}

  /** The published list of a phase; 404 (same answer as an unknown campaign) before its publication. */
  async list(campaignId: string, phase: Phase): Promise<PublicList> {
    const notPublished = AppError.notFound('Aucune liste de lauréats publiée pour cette campagne et cette phase.');
    if (!UUID_RE.test(campaignId)) throw notPublished;
    const c = await this.selection.campaign(this.db.manager, campaignId).catch(() => null);
    const publishedAt = c ? publishedOf(c, phase) : null;
    if (!c || !publishedAt) throw notPublished;
    const rows = await this.selection.laureats(this.db.manager, campaignId, phase);
    return {
      campaignName: c.name,
      phase,
      publishedAt,
      laureats: rows.map((r) => ({
        projectName: r.projectName,
        structureName: r.structureName,
        region: r.region,
        regionLabel: r.regionLabel,
        ...(phase === 2 ? { amountCents: r.amountCents ?? 0 } : {}),
      })),
    };
  }
}
