/**
 * SIREN (9 digits) and SIRET (14 digits = SIREN + NIC) checks. Both use the Luhn checksum, except the
 * establishments of La Poste (SIREN 356000000) whose SIRETs are numbered sequentially: INSEE checks them by
 * "sum of the digits is a multiple of 5" instead.
 */

export const LA_POSTE_SIREN = '356000000';

/** Remove spaces (also non-breaking and thin ones), dots and dashes used when SIRETs are typed by hand. */
export function normaliseSiret(s: string): string {
  return s.replace(/[\s\u00a0\u202f.-]/g, '');
}

/** Luhn sum over a digit string; the rightmost digit has weight 1, the next weight 2, and so on. */
function luhnSum(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum;
}

export function luhnValid(digits: string): boolean {
  return /^\d+$/.test(digits) && luhnSum(digits) % 10 === 0;
}

/** The digit to append to `partial` so that the whole passes Luhn (used by demo data generators). */
export function luhnCheckDigit(partial: string): string {
  if (!/^\d*$/.test(partial)) throw new Error(`luhnCheckDigit: chiffres attendus, reçu « ${partial} »`);
  const sum = luhnSum(partial + '0');
  return String((10 - (sum % 10)) % 10);
}

export function isValidSiren(s: string | null | undefined): boolean {
  if (s == null) return false;
  const v = normaliseSiret(s);
  return /^\d{9}$/.test(v) && luhnValid(v);
}

export function isValidSiret(s: string | null | undefined): boolean {
  if (s == null) return false;
  const v = normaliseSiret(s);
  if (!/^\d{14}$/.test(v)) return false;
  if (luhnValid(v)) return true;
  if (v.startsWith(LA_POSTE_SIREN)) {
    const sum = [...v].reduce((acc, c) => acc + Number(c), 0);
    return sum % 5 === 0;
  }
  return false;
}

/** The SIREN (first 9 digits) of a SIRET, after normalisation. */
export function sirenOf(siret: string): string {
  return normaliseSiret(siret).slice(0, 9);
}

/**
 * A Luhn-valid SIRET from 8 digits (the SIREN gets its check digit) and a 4-digit establishment number (the 14th
 * digit is the SIRET check digit). For demo data only.
 */
export function makeSiret(sirenBase8: string, nic4: string): string {
  if (!/^\d{8}$/.test(sirenBase8) || !/^\d{4}$/.test(nic4)) {
    throw new Error('makeSiret: 8 chiffres puis 4 chiffres attendus');
  }
  const siren = sirenBase8 + luhnCheckDigit(sirenBase8);
  const partial = siren + nic4;
  return partial + luhnCheckDigit(partial);
}
