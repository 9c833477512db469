/**
 * A phase-2 démarche as the AMI runs it: the dossiers of structures invited after phase 1 (same structure, hence
 * same SIRET, as their phase-1 dossier), each with a "Montant demandé", plus structures that apply without an
 * invitation (DS cannot stop them): a phase-1 structure that was not invited, or one never seen in phase 1.
 */
import { defaultStartNumber, GenerateOptions } from './generate';

export interface Phase2Options {
  seed: number;
  deadline: Date;
  /** DEMO_PROJECTS indices of the invited phase-1 projects (their phase-1 dossiers were generated with the same seed). */
  invited: number[];
  /** Indices of phase-1 projects that were not invited but apply anyway. */
  uninvited?: number[];
  /** Indices of projects absent from phase 1 (e.g. beyond the phase-1 count): nothing to link them to. */
  newcomers?: number[];
  startNumber?: number;
}

export interface Phase2Set {
  /** To pass as a démarche's source to `startDsStandin({ dossiers: { [number]: source } })`. */
  source: Omit<GenerateOptions, 'baseUrl' | 'demarcheNumber'>;
  invitedNumbers: number[];
  uninvitedNumbers: number[];
  newcomerNumbers: number[];
}

export function phase2Demarche(o: Phase2Options): Phase2Set {
  const uninvited = o.uninvited ?? [];
  const newcomers = o.newcomers ?? [];
  const indices = [...o.invited, ...uninvited, ...newcomers];
  const start = o.startNumber ?? defaultStartNumber(2);
  const numbers = (from: number, n: number) => Array.from({ length: n }, (_, i) => start + from + i);
  return {
    source: { count: indices.length, seed: o.seed, phase: 2, deadline: o.deadline, projectIndices: indices, startNumber: start },
    invitedNumbers: numbers(0, o.invited.length),
    uninvitedNumbers: numbers(o.invited.length, uninvited.length),
    newcomerNumbers: numbers(o.invited.length + uninvited.length, newcomers.length),
  };
}
