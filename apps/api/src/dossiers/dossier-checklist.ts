import { Checklist, precheckEligibility, resolveChecklist } from '@ptce/domain';
import { CampaignEntity, phaseDeadline } from '../campaigns/campaign.entity';
import { DossierAttachmentEntity, DossierEntity } from './dossier.entity';

/** The eligibility checklist of a dossier: the automatic pre-check, then the instructeur's decisions. */
export function dossierChecklist(d: DossierEntity, attachments: DossierAttachmentEntity[], campaign: CampaignEntity, parentInvited: boolean): Checklist {
  const results = precheckEligibility({
    phase: d.phase,
    structure: { legalFormCode: d.structureLegalFormCode, esus: d.structureEsus },
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
