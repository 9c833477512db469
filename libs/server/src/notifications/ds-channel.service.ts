/**
 * The porteur's own channel back to Démarches Simplifiées (issue 10 §6).
 *
 * Per campaign (`campaign.ds_channel_enabled`, off by default) and only when the platform is configured for it
 * (DS_API_URL, DS_API_TOKEN — a token with write access on the démarche — and DS_INSTRUCTEUR_ID), the notification
 * rows of a dossier imported from DS (`dossier.ds_number` set) are planned with `channel = 'ds'` and drive DS's
 * mutations instead of our e-mails:
 *   - instruction opens (`dossier.instruction_ouverte`)   → row `ds_en_instruction`      → `dossierPasserEnInstruction`
 *   - request for complements                              → row `demande_complements`    → `dossierEnvoyerMessage`
 *   - decision (same date and arrêt gating as the e-mails) → row `decision_*`             → `dossierAccepter` (lauréat),
 *     `dossierRefuser` (non retenu, inéligible) or `dossierClasserSansSuite` (sans suite), with the motif.
 * DS sends the porteur its own e-mail for each of these (these templates are flagged `dsDuplicate`), so the
 * e-mail row is not planned: the DS row replaces it. Reminders (relance compléments), invitations and anything DS
 * does not send stay e-mails. A dossier that did not come from DS keeps its e-mails.
 *
 * Delivery is the e-mails' own (same rows, `send-email` queue, job id = row id, same attempts and backoff, `failed`
 * with the error, resend): the send job reads the dossier's state on DS first and calls the mutation only if DS is
 * not there yet (a retry after a lost answer, or a resend, changes nothing twice). A dossier still en construction
 * on DS at the decision is first passed en instruction (without DS's notification), as DS requires.
 *
 * Instructeur: DS needs the instructeur in whose name each action is made (`instructeurId`). It is the setting
 * DS_INSTRUCTEUR_ID (the GraphQL id of the instructeur account that owns the API token), not read from the
 * démarche: a démarche has many instructeurs and the API cannot tell which one the token belongs to.
 */
import { Inject, Injectable } from '@nestjs/common';
import { decisionStateOf, formatParisDate, isNotificationTemplate } from '@ptce/domain';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DsClient, DsMutationRefused, DsTokenRefused } from '../imports/ds/ds-client';
import { DsRow, NotificationsRepository } from './notifications.repository';

/** The DS row of an opened instruction (no e-mail template: DS itself tells the porteur). */
export const DS_EN_INSTRUCTION = 'ds_en_instruction';

export type DsAction =
  'dossierPasserEnInstruction' | 'dossierEnvoyerMessage' | 'dossierAccepter' | 'dossierRefuser' | 'dossierClasserSansSuite';

/** Which mutation a DS row makes, by its template; null: the template never goes to DS. */
export function dsActionOf(template: string): DsAction | null {
  switch (template) {
    case DS_EN_INSTRUCTION:
      return 'dossierPasserEnInstruction';
    case 'demande_complements':
      return 'dossierEnvoyerMessage';
    case 'decision_phase1_laureat':
    case 'decision_phase2_laureat':
      return 'dossierAccepter';
    case 'decision_phase1_non_retenu':
    case 'decision_phase2_non_retenu':
    case 'decision_ineligible':
      return 'dossierRefuser';
    case 'decision_sans_suite':
      return 'dossierClasserSansSuite';
    default:
      return null;
  }
}

const TARGET_STATE: Partial<Record<DsAction, string>> = {
  dossierAccepter: 'accepte',
  dossierRefuser: 'refuse',
  dossierClasserSansSuite: 'sans_suite',
};

export const DS_ACTION_LABELS: Record<DsAction, string> = {
  dossierPasserEnInstruction: 'Démarches Simplifiées : passage en instruction',
  dossierEnvoyerMessage: 'Démarches Simplifiées : message au porteur',
  dossierAccepter: 'Démarches Simplifiées : dossier accepté',
  dossierRefuser: 'Démarches Simplifiées : dossier refusé',
  dossierClasserSansSuite: 'Démarches Simplifiées : dossier classé sans suite',
};

/** Label of a row whose template has no e-mail (the DS-only ones). */
export function dsTemplateLabel(template: string): string | null {
  return template === DS_EN_INSTRUCTION ? 'Passage en instruction sur Démarches Simplifiées' : null;
}

const DS_STATE_LABELS: Record<string, string> = {
  en_construction: 'en construction',
  en_instruction: 'en instruction',
  accepte: 'accepté',
  refuse: 'refusé',
  sans_suite: 'classé sans suite',
};

/** A failed DS call, for the sender: `permanent` (retrying will not help), `final` (the row is now `failed`). */
export class DsChannelFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly final: boolean,
  ) {
    super(message);
  }
}

export type DsSendOutcome = 'sent' | 'skipped' | 'cancelled';

const DOSSIER_QUERY = `query dsChannelDossier($number: Int!) { dossier(number: $number) { id number state } }`;
const DOSSIER_MESSAGES_QUERY = `query dsChannelDossierMessages($number: Int!) { dossier(number: $number) { id number state messages { id body } } }`;

function mutationText(action: DsAction): string {
  const payload = action === 'dossierEnvoyerMessage' ? 'message { id } errors { message }' : 'dossier { id state } errors { message }';
  const input = `${action[0]!.toUpperCase()}${action.slice(1)}Input`;
  return `mutation ${action}($input: ${input}!) { ${action}(input: $input) { ${payload} } }`;
}

interface DsDossierRef {
  id: string;
  number: number;
  state: string;
  messages?: { id: string; body: string }[];
}

@Injectable()
export class DsChannelService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: NotificationsRepository,
  ) {}

  /** The platform can write to DS: endpoint, token and instructeur set. */
  get ready(): boolean {
    return !!(this.config.dsApiUrl && this.config.dsApiToken && this.config.dsInstructeurId);
  }

  /** Whether this dossier's porteur is followed on DS (campaign switch on, dossier from DS, platform ready). */
  appliesTo(d: { ds_number?: number | null; ds_channel_enabled?: boolean | null }): boolean {
    return !!d.ds_channel_enabled && d.ds_number !== null && d.ds_number !== undefined && this.ready;
  }

  /** Sends one DS row (it must be `queued`); throws DsChannelFailure when DS fails (the row keeps the error). */
  async send(id: string, attempt: { made: number; max: number }): Promise<DsSendOutcome> {
    const r = await this.repo.loadDsRow(id);
    if (!r || r.status !== 'queued') return 'skipped';
    const action = dsActionOf(r.template);
    if (!r.ds_channel_enabled) {
      await this.cancel(id, 'Le renvoi vers Démarches Simplifiées a été désactivé pour cette campagne.');
      return 'cancelled';
    }
    const decided = isNotificationTemplate(r.template) ? decisionStateOf(r.template) : null;
    if (decided && r.state !== decided) {
      await this.cancel(id, 'Le motif de l’envoi a disparu (état du dossier ou de l’avis changé).');
      return 'cancelled';
    }
    let done: { reference: string; summary: string };
    try {
      if (!action || r.ds_number === null)
        throw new DsChannelFailure('Ce message ne peut pas être transmis à Démarches Simplifiées.', true, true);
      if (!this.ready) {
        throw new DsChannelFailure(
          'Le renvoi vers Démarches Simplifiées n’est pas configuré (DS_API_URL, DS_API_TOKEN et DS_INSTRUCTEUR_ID).',
          true,
          true,
        );
      }
      done = await this.perform(action, r);
    } catch (err) {
      const permanent = err instanceof DsChannelFailure ? err.permanent : err instanceof DsMutationRefused || err instanceof DsTokenRefused;
      const message = (err as Error).message.slice(0, 1000);
      const final = permanent || attempt.made + 1 >= attempt.max;
      await this.repo.recordFailedAttempt(id, message, final);
      throw new DsChannelFailure(message, permanent, final);
    }
    await this.repo.markSent(id, done.reference.slice(0, 300), done.summary);
    return 'sent';
  }

  /** What a DS row will do, for the preview endpoint (no e-mail to render). */
  async preview(r: { template: string; variables: Record<string, unknown>; dossier_id: string | null }) {
    const action = dsActionOf(r.template);
    const d = r.dossier_id ? await this.repo.dsPreviewFacts(r.dossier_id) : undefined;
    const subject = action ? `${DS_ACTION_LABELS[action]} (dossier DS n° ${d?.ds_number ?? '?'})` : 'Démarches Simplifiées';
    const lines = [subject];
    if (action === 'dossierEnvoyerMessage') lines.push('', messageBody(r.variables));
    else if (action && TARGET_STATE[action]) lines.push('', `Motif : ${motifOf({ ...d, variables: r.variables }, action)}`);
    const text = lines.join('\n');
    const html = `<p>${lines.filter(Boolean).map(escapeHtml).join('</p><p>')}</p>`;
    return { subject, html, text };
  }

  private async cancel(id: string, reason: string): Promise<void> {
    await this.repo.cancelQueued(id, reason);
  }

  private client(): DsClient {
    // One try per job: BullMQ's attempts and backoff are the retries (as for e-mails); 429 waits stay short.
    const settings = { ...this.config.imports, maxAttempts: 1, maxRateLimitWaits: 2, maxRateLimitWaitMs: 10_000 };
    return new DsClient(this.config.dsApiUrl!, this.config.dsApiToken, settings);
  }

  /** Reads the dossier's state on DS, then makes the mutation only if DS is not there yet. */
  private async perform(action: DsAction, r: DsRow): Promise<{ reference: string; summary: string }> {
    const client = this.client();
    const number = Number(r.ds_number);
    const read = async (withMessages = false): Promise<DsDossierRef> => {
      const data = await client.query<{ dossier: DsDossierRef | null }>(
        withMessages ? DOSSIER_MESSAGES_QUERY : DOSSIER_QUERY,
        { number },
        withMessages ? 'dsChannelDossierMessages' : 'dsChannelDossier',
      );
      if (!data.dossier) throw new DsChannelFailure(`Dossier n° ${number} introuvable sur Démarches Simplifiées.`, true, true);
      return data.dossier;
    };
    const instructeurId = this.config.dsInstructeurId!;
    const summary = `${DS_ACTION_LABELS[action]} (dossier DS n° ${number})`;

    if (action === 'dossierPasserEnInstruction') {
      const d = await read();
      if (d.state !== 'en_construction')
        return { reference: `ds:${d.id}:deja-${d.state}`, summary: `${summary} — déjà ${DS_STATE_LABELS[d.state] ?? d.state}` };
      await client.mutate(mutationText(action), { dossierId: d.id, instructeurId, disableNotification: false }, action, action);
      return { reference: `ds:${d.id}:en_instruction`, summary };
    }

    if (action === 'dossierEnvoyerMessage') {
      const body = messageBody(r.variables);
      const d = await read(true);
      const already = d.messages?.find((m) => m.body === body);
      if (already) return { reference: `ds:${d.id}:message:${already.id}`, summary: `${summary} — déjà envoyé` };
      const p = await client.mutate<{ message: { id: string } | null }>(
        mutationText(action),
        { dossierId: d.id, instructeurId, body },
        action,
        action,
      );
      return { reference: `ds:${d.id}:message:${p.message?.id ?? ''}`, summary };
    }

    const target = TARGET_STATE[action]!;
    const d = await read();
    if (d.state === target) return { reference: `ds:${d.id}:${target}`, summary: `${summary} — déjà fait` };
    if (d.state !== 'en_construction' && d.state !== 'en_instruction') {
      throw new DsChannelFailure(
        `Le dossier n° ${number} est déjà ${DS_STATE_LABELS[d.state] ?? d.state} sur Démarches Simplifiées : décision non transmise.`,
        true,
        true,
      );
    }
    if (d.state === 'en_construction') {
      // DS decides only on a dossier en instruction; the porteur hears of the decision, not of this step.
      const pass: DsAction = 'dossierPasserEnInstruction';
      await client.mutate(mutationText(pass), { dossierId: d.id, instructeurId, disableNotification: true }, pass, pass);
    }
    await client.mutate(
      mutationText(action),
      { dossierId: d.id, instructeurId, motivation: motifOf(r, action), disableNotification: false },
      action,
      action,
    );
    return { reference: `ds:${d.id}:${target}`, summary };
  }
}

/** The DS message of a request for complements: the request itself and its due date. */
export function messageBody(v: Record<string, unknown>): string {
  const message =
    typeof v.message === 'string' && v.message.trim() ? v.message.trim() : 'Des pièces complémentaires sont attendues pour votre dossier.';
  const due = typeof v.dueAt === 'string' && !Number.isNaN(Date.parse(v.dueAt)) ? formatParisDate(v.dueAt) : null;
  return due ? `${message}\n\nMerci de nous transmettre ces compléments au plus tard le ${due}.` : message;
}

function motifOf(
  r: { decision_motif?: string | null; state_motif?: string | null; variables?: Record<string, unknown> },
  action: DsAction,
): string {
  const snap = typeof r.variables?.motif === 'string' ? (r.variables.motif as string) : null;
  const motif = (r.decision_motif ?? snap ?? r.state_motif ?? '').trim();
  if (motif) return motif;
  // DS requires a motivation to refuse or to close without follow-up.
  if (action === 'dossierAccepter') return 'Votre candidature à l’AMI PTCE est retenue.';
  if (action === 'dossierClasserSansSuite') return 'Votre dossier est classé sans suite.';
  return 'Votre candidature à l’AMI PTCE n’a pas été retenue.';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
