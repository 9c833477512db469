import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

// The list of common passwords maintained by the zxcvbn-ts project (~50,000 entries from real leaks), exact match on
// the lower-cased password, then zxcvbn's estimate (dictionary words, keyboard walks, dates, repetitions, the user's
// own name and e-mail) for the near misses ("Password2024!").
const COMMON = new Set<string>((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
let zxcvbn: ZxcvbnFactory | null = null;

/**
 * Why this password is refused, in French, or null when it is acceptable. Applies whenever a password is set or
 * changed (creation, change, reset, invitation); the demo seed writes its accounts directly and does not go through it.
 */
export function passwordProblem(password: string, user: { email?: string | null; fullName?: string | null } = {}): string | null {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN_LENGTH)
    return `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `Le mot de passe est trop long (${PASSWORD_MAX_LENGTH} caractères au plus).`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'Ce mot de passe fait partie des mots de passe les plus courants : choisissez-en un autre.';
  const local = user.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'Le mot de passe ne doit pas contenir votre adresse électronique.';
  zxcvbn ??= new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs });
  const inputs = [user.email ?? '', ...(user.fullName ?? '').split(/\s+/)].filter((x) => x.length >= 3);
  const { score } = zxcvbn.check(password, inputs);
  if (score < 3)
    return 'Ce mot de passe est trop facile à deviner (mot courant, suite de clavier, date ou répétition) : allongez-le ou mêlez des mots sans rapport.';
  return null;
}
