import { DossierAttachmentEntity, DossierEntity, JournalEntryEntity } from './dossier.entity';

export function toAttachmentDto(a: DossierAttachmentEntity) {
  return {
    id: a.id,
    kind: a.kind,
    filename: a.filename,
    contentType: a.contentType,
    byteSize: a.byteSize,
    stored: a.storageKey !== null,
    createdAt: a.createdAt,
  };
}

type StructureFields = Pick<
  DossierEntity,
  | 'structureSiret'
  | 'structureName'
  | 'structureLegalForm'
  | 'structureLegalFormCode'
  | 'structureLegalCategory'
  | 'structureEsus'
  | 'structureEsusDate'
>;

/** The porteur's structure, the same in a dossier and in a list row. */
function structureOf(d: StructureFields) {
  return {
    siret: d.structureSiret,
    name: d.structureName,
    legalForm: d.structureLegalForm,
    legalFormCode: d.structureLegalFormCode,
    legalCategory: d.structureLegalCategory,
    esus: d.structureEsus,
    esusDate: d.structureEsusDate,
  };
}

/** The dossier as the API shows it (core field names are read by outside tests: see API.md). */
export function toDossierDto(d: DossierEntity, attachments?: DossierAttachmentEntity[]) {
  return {
    id: d.id,
    campaignId: d.campaignId,
    phase: d.phase,
    parentDossierId: d.parentDossierId,
    dsNumber: d.dsNumber,
    projectName: d.projectName,
    region: d.region,
    structure: structureOf(d),
    referent: { name: d.referentName, email: d.referentEmail, phone: d.referentPhone },
    sections: d.sections,
    characterisation: d.characterisation,
    memberSirets: d.memberSirets,
    amountRequestedCents: d.amountRequestedCents,
    attachments: attachments?.map(toAttachmentDto),
    depositedAt: d.depositedAt.toISOString(),
    lateDeposit: d.lateDeposit,
    state: d.state,
    eligibility: d.eligibility,
    invitedToPhase2At: d.invitedToPhase2At?.toISOString() ?? null,
    decision: d.decisionOutcome ? { outcome: d.decisionOutcome, motif: d.decisionMotif, amountCents: d.decisionAmountCents } : null,
    source: d.source,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

/** A list row as read raw (columns aliased by property name): bigints come as text, the esus date as YYYY-MM-DD. */
export type DossierListRaw = Omit<
  DossierEntity,
  'sections' | 'characterisation' | 'eligibilityDecisions' | 'amountRequestedCents' | 'decisionAmountCents'
> & {
  amountRequestedCents: string | number | null;
  decisionAmountCents: string | number | null;
};

const bigint = (v: string | number | null) => (v === null ? null : Number(v));

/**
 * A lighter row for lists: no sections (they can weigh tens of kilobytes per dossier), built from the raw row (no
 * entity hydration, issue 12). Same fields, in the same order, as toDossierDto without sections, characterisation
 * and attachments.
 */
export function toDossierListRow(d: DossierListRaw) {
  return {
    id: d.id,
    campaignId: d.campaignId,
    phase: d.phase,
    parentDossierId: d.parentDossierId,
    dsNumber: d.dsNumber,
    projectName: d.projectName,
    region: d.region,
    structure: structureOf(d),
    referent: { name: d.referentName, email: d.referentEmail, phone: d.referentPhone },
    memberSirets: d.memberSirets,
    amountRequestedCents: bigint(d.amountRequestedCents),
    depositedAt: d.depositedAt.toISOString(),
    lateDeposit: d.lateDeposit,
    state: d.state,
    eligibility: d.eligibility,
    invitedToPhase2At: d.invitedToPhase2At?.toISOString() ?? null,
    decision: d.decisionOutcome ? { outcome: d.decisionOutcome, motif: d.decisionMotif, amountCents: bigint(d.decisionAmountCents) } : null,
    source: d.source,
    version: d.version,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
  };
}

export function toJournalDto(j: JournalEntryEntity & { actorName?: string | null }) {
  return {
    id: Number(j.id),
    dossierId: j.dossierId,
    at: j.at,
    actorId: j.actorId,
    actorName: j.actorName ?? null,
    actorRole: j.actorRole,
    action: j.action,
    from: j.fromState,
    to: j.toState,
    motif: j.motif,
    data: j.data,
    requestId: j.requestId,
    version: j.version,
  };
}
