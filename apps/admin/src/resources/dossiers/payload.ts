import type { DossierAttachment, DossierRecord } from './types';

type AttachmentInput = Pick<DossierAttachment, 'kind' | 'filename'> & { contentType?: string | null; byteSize?: number | null };

/** Form values: the record, plus the attachments that are only declared (no stored file), edited apart. */
export type DossierFormValues = Partial<DossierRecord> & { declaredAttachments?: AttachmentInput[] };

/** Characterisation fields holding a list (the others hold one code, or a number for `size`). */
export const MULTI_CHOICE = new Set(['localAuthorities', 'memberKinds', 'sector', 'fragileTerritory', 'servicesMobilises', 'activityNature']);

const text = (v: unknown): string | null => (typeof v === 'string' ? v.trim() || null : null);

const cleanAttachments = (list: AttachmentInput[] | undefined) =>
  (list ?? [])
    .filter((a) => a && (text(a.filename) || text(a.kind)))
    .map((a) => ({
      kind: a.kind,
      filename: (a.filename ?? '').trim(),
      ...(a.contentType ? { contentType: a.contentType } : {}),
      ...(typeof a.byteSize === 'number' ? { byteSize: a.byteSize } : {}),
    }));

/** Declared (not stored) attachments of a record, as the form edits them. */
export const declaredAttachmentsOf = (record: Partial<DossierRecord> | undefined): AttachmentInput[] =>
  (record?.attachments ?? [])
    .filter((a) => !a.stored)
    .map((a) => ({ kind: a.kind, filename: a.filename, contentType: a.contentType, byteSize: a.byteSize }));

/** Content fields only (the API refuses anything else, and never takes `state` from here). */
function content(data: DossierFormValues, previous?: Partial<DossierRecord>) {
  const s = data.structure ?? ({} as DossierRecord['structure']);
  const prevS = previous?.structure;
  // the legal form label follows the INSEE code unless the instructeur typed one: when only the code changed,
  // the old label is dropped so that the server derives the new one
  const codeChanged = !!prevS && (text(prevS.legalFormCode) ?? null) !== (text(s.legalFormCode) ?? null);
  const labelUntouched = !!prevS && (text(prevS.legalForm) ?? null) === (text(s.legalForm) ?? null);
  const sections: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(data.sections ?? {})) sections[k] = text(v);
  const characterisation: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data.characterisation ?? {})) {
    if (Array.isArray(v)) characterisation[k] = v;
    else if (MULTI_CHOICE.has(k)) characterisation[k] = [];
    else characterisation[k] = v === '' || v === undefined ? null : v;
  }
  const memberSirets = (data.memberSirets ?? [])
    .flatMap((x) => String(x).split(/[,;]+/))
    .map((x) => x.replace(/\s/g, ''))
    .filter(Boolean);
  return {
    projectName: (data.projectName ?? '').trim(),
    region: data.region,
    structure: {
      siret: text(s.siret)?.replace(/\s/g, '') ?? null,
      name: (s.name ?? '').trim(),
      legalFormCode: text(s.legalFormCode),
      legalForm: codeChanged && labelUntouched ? null : text(s.legalForm),
      esus: !!s.esus,
      esusDate: s.esus ? text(s.esusDate) : null,
    },
    referent: { name: text(data.referent?.name), email: text(data.referent?.email), phone: text(data.referent?.phone) },
    sections,
    characterisation,
    memberSirets,
    amountRequestedCents: typeof data.amountRequestedCents === 'number' ? data.amountRequestedCents : null,
  };
}

/** Body of POST /api/dossiers. */
export function toCreatePayload(data: DossierFormValues) {
  return {
    campaignId: data.campaignId,
    phase: Number(data.phase ?? 1),
    ...(Number(data.phase) === 2 && data.parentDossierId ? { parentDossierId: data.parentDossierId } : {}),
    ...(typeof data.dsNumber === 'number' ? { dsNumber: data.dsNumber } : {}),
    ...(data.depositedAt ? { depositedAt: data.depositedAt } : {}),
    ...content(data),
    attachments: cleanAttachments(data.declaredAttachments),
  };
}

/** Body of PUT /api/dossiers/:id: content + the version read (optimistic lock). */
export function toUpdatePayload(data: DossierFormValues, options?: { previousData?: Partial<DossierRecord> }) {
  const previous = options?.previousData;
  const declared = cleanAttachments(data.declaredAttachments);
  const attachmentsChanged = JSON.stringify(declared) !== JSON.stringify(cleanAttachments(declaredAttachmentsOf(previous)));
  return {
    expectedVersion: data.version,
    ...content(data, previous),
    ...(attachmentsChanged ? { attachments: declared } : {}),
  };
}
