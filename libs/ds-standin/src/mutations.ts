/**
 * The DS mutations the back office's DS channel uses (issue 10 §6), on the stand-in: `dossierPasserEnInstruction`,
 * `dossierEnvoyerMessage`, `dossierAccepter`, `dossierRefuser`, `dossierClasserSansSuite`. Inputs are checked by the
 * real schema (graphql-js) before they get here; the rules DS applies are played here: a decision needs a dossier
 * en instruction, passing en instruction needs one en construction, otherwise the payload carries `errors`
 * (ValidationError) and nothing changes, as on DS. Every call is recorded (tests read them back with
 * `mutationsOf(state)`), and failures can be injected (`failMutations`).
 */
import { GraphQLError } from 'graphql';
import { dsDateTime } from './dates';
import { typedId } from './form';
import type { StandinState } from './server';
import type { DsDossier, DsDossierState } from './types';

export type DsMutationName =
  'dossierPasserEnInstruction' | 'dossierEnvoyerMessage' | 'dossierAccepter' | 'dossierRefuser' | 'dossierClasserSansSuite';

export interface RecordedMutation {
  at: string;
  name: DsMutationName;
  /** The input as received (after the schema's coercion: `disableNotification` defaults to false). */
  input: Record<string, unknown>;
  /** The dossier number the `dossierId` designates, or null when unknown. */
  dossierNumber: number | null;
  /**
   * `ok` (applied), `invalid` (answered with payload `errors`), `failed` (GraphQL error, nothing applied), `lost`
   * (applied, but answered with an error: a lost answer, injected with `failMutations(..., 'lose-answer')`).
   */
  outcome: 'ok' | 'invalid' | 'failed' | 'lost';
  errors: string[];
}

interface MutationState {
  log: RecordedMutation[];
  /** Remaining injected failures (Infinity: until cleared). */
  failures: number;
  failureMessage: string;
  failureMode: FailureMode;
  messageSeq: number;
}

const states = new WeakMap<StandinState, MutationState>();

function of(state: StandinState): MutationState {
  let s = states.get(state);
  if (!s) {
    s = { log: [], failures: 0, failureMessage: 'Internal server error', failureMode: 'refuse', messageSeq: 0 };
    states.set(state, s);
  }
  return s;
}

/** Every mutation received so far, in order (also the refused ones). */
export function mutationsOf(state: StandinState): RecordedMutation[] {
  return of(state).log;
}

/** `refuse`: DS fails before doing anything; `lose-answer`: DS applies the mutation but the client gets an error. */
export type FailureMode = 'refuse' | 'lose-answer';

/** The next `count` mutations (Infinity: all, until `failMutations(state, 0)`) answer a top-level GraphQL error. */
export function failMutations(
  state: StandinState,
  count: number,
  message = 'Erreur interne de Démarches Simplifiées',
  mode: FailureMode = 'refuse',
): void {
  const s = of(state);
  s.failures = count;
  s.failureMessage = message;
  s.failureMode = mode;
}

function findDossier(state: StandinState, id: unknown): DsDossier | undefined {
  if (typeof id !== 'string') return undefined;
  for (const dem of state.demarches.values()) {
    for (const d of dem.dossiers.values()) if (d.id === id) return d;
  }
  return undefined;
}

const STATE_LABEL: Record<DsDossierState, string> = {
  en_construction: 'en construction',
  en_instruction: 'en instruction',
  accepte: 'accepté',
  refuse: 'refusé',
  sans_suite: 'classé sans suite',
};

type Input = Record<string, unknown>;

function transition(
  state: StandinState,
  name: DsMutationName,
  input: Input,
  apply: (d: DsDossier, now: string) => string | null,
): Record<string, unknown> {
  const s = of(state);
  const d = findDossier(state, input.dossierId);
  const entry: RecordedMutation = {
    at: new Date().toISOString(),
    name,
    input: { ...input },
    dossierNumber: d?.number ?? null,
    outcome: 'ok',
    errors: [],
  };
  s.log.push(entry);
  let loseAnswer = false;
  if (s.failures > 0 && s.failureMode === 'lose-answer') {
    s.failures--;
    loseAnswer = true;
  } else if (s.failures > 0) {
    s.failures--;
    entry.outcome = 'failed';
    entry.errors = [s.failureMessage];
    throw new GraphQLError(s.failureMessage);
  }
  if (!d) {
    entry.outcome = 'failed';
    entry.errors = ['Dossier not found'];
    throw new GraphQLError('Dossier not found', { extensions: { code: 'not_found' } });
  }
  if (typeof input.instructeurId !== 'string' || !input.instructeurId) {
    entry.outcome = 'invalid';
    entry.errors = ['L’instructeur est introuvable'];
    return { clientMutationId: input.clientMutationId ?? null, dossier: null, message: null, errors: [{ message: entry.errors[0] }] };
  }
  const now = dsDateTime(new Date());
  const refused = apply(d, now);
  if (refused) {
    entry.outcome = 'invalid';
    entry.errors = [refused];
    return { clientMutationId: input.clientMutationId ?? null, dossier: null, message: null, errors: [{ message: refused }] };
  }
  d.dateDerniereModification = now;
  if (loseAnswer) {
    entry.outcome = 'lost';
    entry.errors = [s.failureMessage];
    throw new GraphQLError(s.failureMessage);
  }
  return { clientMutationId: input.clientMutationId ?? null, dossier: d, errors: null };
}

function decide(target: 'accepte' | 'refuse' | 'sans_suite', event: string) {
  return (input: Input) =>
    (d: DsDossier, now: string): string | null => {
      if (d.state !== 'en_instruction')
        return `Le dossier est ${STATE_LABEL[d.state]} : il doit être en instruction pour être ${STATE_LABEL[target]}.`;
      d.state = target;
      d.dateTraitement = now;
      d.motivation = typeof input.motivation === 'string' ? input.motivation : null;
      d.traitements.push({
        id: typedId('Traitement', `${d.number}-${d.traitements.length + 1}`),
        state: target,
        event,
        dateTraitement: now,
        emailAgentTraitant: null,
        motivation: d.motivation,
        revision: null,
      });
      return null;
    };
}

/** The root fields of the Mutation type, merged into the stand-in's root value. */
export function mutationResolvers(state: StandinState): Record<DsMutationName, (args: { input: Input }) => Record<string, unknown>> {
  return {
    dossierPasserEnInstruction: ({ input }) =>
      transition(state, 'dossierPasserEnInstruction', input, (d, now) => {
        if (d.state !== 'en_construction') return `Le dossier est déjà ${STATE_LABEL[d.state]}.`;
        d.state = 'en_instruction';
        d.datePassageEnInstruction = now;
        d.traitements.push({
          id: typedId('Traitement', `${d.number}-${d.traitements.length + 1}`),
          state: 'en_instruction',
          event: 'passer_en_instruction',
          dateTraitement: now,
          emailAgentTraitant: null,
          motivation: null,
          revision: null,
        });
        return null;
      }),
    dossierEnvoyerMessage: ({ input }) => {
      let message: Record<string, unknown> | null = null;
      const payload = transition(state, 'dossierEnvoyerMessage', input, (d, now) => {
        if (typeof input.body !== 'string' || !input.body.trim()) return 'Le message ne peut pas être vide.';
        const n = ++of(state).messageSeq;
        message = {
          id: typedId('Commentaire', `${d.number}-${n}`),
          body: input.body,
          createdAt: now,
          email: 'instructeur@demarches-simplifiees.fr',
          attachments: [],
          attachment: null,
          correction: null,
          discardedAt: null,
        };
        d.messages.push(message);
        return null;
      });
      const { dossier: _d, ...rest } = payload;
      return { ...rest, message };
    },
    dossierAccepter: ({ input }) => transition(state, 'dossierAccepter', input, decide('accepte', 'accepter')(input)),
    dossierRefuser: ({ input }) => transition(state, 'dossierRefuser', input, decide('refuse', 'refuser')(input)),
    dossierClasserSansSuite: ({ input }) =>
      transition(state, 'dossierClasserSansSuite', input, decide('sans_suite', 'classer_sans_suite')(input)),
  };
}
