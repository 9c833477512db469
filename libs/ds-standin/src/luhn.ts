/**
 * Luhn checks for SIREN (9 digits) and SIRET (14 digits). Written here rather than imported from the product so the
 * stand-in stays an independent oracle: a bug in the product's own check cannot hide behind shared code.
 */
import { digits, Rng } from './prng';

export function luhnValid(value: string): boolean {
  if (!/^\d+$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    let d = Number(value[value.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The digit to append to `body` so that the whole passes Luhn. */
export function luhnCheckDigit(body: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + String(d))) return String(d);
  throw new Error(`no Luhn digit for ${body}`);
}

/** A fictitious SIREN: 8 random digits (never starting with 0) plus the Luhn digit. */
export function randomSiren(rng: Rng): string {
  const body = String(1 + Math.floor(rng() * 9)) + digits(rng, 7);
  return body + luhnCheckDigit(body);
}

/** SIRET = SIREN + NIC; the NIC's last digit is chosen so that the 14 digits pass Luhn (as INSEE does). */
export function siretFor(siren: string, establishment = 1): string {
  const body = siren + String(establishment).padStart(4, '0');
  return body + luhnCheckDigit(body);
}

/** Same digits but failing Luhn: for the malformed dossiers tests need. */
export function breakLuhn(value: string): string {
  const last = Number(value[value.length - 1]);
  return value.slice(0, -1) + String((last + 1) % 10);
}
