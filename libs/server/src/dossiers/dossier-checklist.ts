import { EntityManager } from 'typeorm';
import { Checklist, precheckEligibility, resolveChecklist } from '@ptce/domain';
import { CampaignEntity, phaseDeadline } from '../campaigns/campaign.entity';
import { DossierAttachmentEntity, DossierEntity } from './dossier.entity';
import { DossiersRepository } from './dossiers.repository';

/** The eligibility checklist of a dossier: the automatic pre-check, then the instructeur's decisions. */
export function dossierChecklist(
  d: DossierEntity,
  attachments: DossierAttachmentEntity[],
  campaign: CampaignEntity,
  parentInvited: boolean,
  members?: readonly { kind: string }[],
): Checklist {
  const results = precheckEligibility({
    phase: d.phase,
    structure: { legalFormCode: d.structureLegalFormCode, esus: d.structureEsus, esusDate: d.structureEsusDate },
    members,
    attachments: attachments.map((a) => ({ kind: a.kind })),
    sections: d.sections ?? {},
    projectName: d.projectName,
    region: d.region,
    referent: { name: d.referentName, email: d.referentEmail, phone: d.referentPhone },
    depositedAt: d.depositedAt,
    deadline: phaseDeadline(campaign, d.phase),
    invitedToPhase2: d.phase === 2 ? parentInvited : undefined,
  });
  const decisions: Record<string, { status: 'ok' | 'ko' | 'confirme' | 'infirme'; reason?: string | null }> = {};
  for (const [code, dec] of Object.entries(d.eligibilityDecisions ?? {})) {
    decisions[code] = { status: dec.status as 'ok' | 'ko', reason: dec.reason ?? null };
  }
  return resolveChecklist(results, decisions);
}

export interface LoadedChecklist {
  checklist: Checklist;
  campaign: CampaignEntity;
  /** Phase 2: the phase-1 dossier was invited to phase 2. */
  parentInvited: boolean;
  /** The attachments read for the checklist (a transition reuses them for its answer). */
  attachments: DossierAttachmentEntity[];
}

/**
 * Reads what the checklist depends on (campaign deadline, attachments, phase-1 invitation) and builds it. Callers
 * outside the dossiers module pass the manager only: the repository is then built on the manager's data source.
 */
export async function loadDossierChecklist(
  tx: EntityManager,
  d: DossierEntity,
  repo: DossiersRepository = new DossiersRepository(tx.connection),
): Promise<LoadedChecklist> {
  const campaign = await tx.getRepository(CampaignEntity).findOneOrFail({ where: { id: d.campaignId } });
  const attachments = await tx.getRepository(DossierAttachmentEntity).find({ where: { dossierId: d.id } });
  let parentInvited = false;
  if (d.phase === 2 && d.parentDossierId) {
    parentInvited = !!(await repo.invitedToPhase2At(tx, d.parentDossierId));
  }
  // The structured member list (issue 15): the "composition du partenariat" criterion reads its kinds.
  const members = await repo.listMemberKinds(tx, d.id);
  return { checklist: dossierChecklist(d, attachments, campaign, parentInvited, members), campaign, parentInvited, attachments };
}
