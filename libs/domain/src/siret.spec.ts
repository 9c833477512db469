import { isValidSiren, isValidSiret, luhnCheckDigit, luhnValid, makeSiret, normaliseSiret, sirenOf } from './siret';

describe('siret', () => {
  it('accepts real Luhn-valid numbers', () => {
    expect(isValidSiren('443061841')).toBe(true);
    expect(isValidSiret('44306184100047')).toBe(true);
    expect(isValidSiret('443 061 841 00047')).toBe(true);
  });

  it('refuses wrong lengths, letters and bad checksums', () => {
    expect(isValidSiret('4430618410004')).toBe(false);
    expect(isValidSiret('443061841000470')).toBe(false);
    expect(isValidSiret('4430618410004A')).toBe(false);
    expect(isValidSiret('44306184100048')).toBe(false);
    expect(isValidSiren('443061842')).toBe(false);
    expect(isValidSiren('44306184')).toBe(false);
    expect(isValidSiret(null)).toBe(false);
    expect(isValidSiret('')).toBe(false);
  });

  it('applies the La Poste rule (digit sum multiple of 5) only to SIREN 356000000', () => {
    expect(luhnValid('35600000049837')).toBe(false);
    expect(isValidSiret('35600000049837')).toBe(true);
    expect(isValidSiret('35600000000048')).toBe(true); // the siège also passes Luhn
    expect(isValidSiret('35600000012345')).toBe(false);
    // digit sum 60 but not La Poste: refused
    expect(isValidSiret('12345678901234')).toBe(false);
  });

  it('normalises and extracts the SIREN', () => {
    expect(normaliseSiret(' 443\u00a0061 841-00047 ')).toBe('44306184100047');
    expect(sirenOf('443 061 841 00047')).toBe('443061841');
  });

  it('computes check digits that make valid numbers', () => {
    expect(luhnCheckDigit('44306184')).toBe('1');
    expect(luhnCheckDigit('4430618410004')).toBe('7');
    for (let i = 0; i < 200; i++) {
      const base = String(10000000 + i * 4567).slice(0, 8);
      const nic = String(i).padStart(4, '0');
      const siret = makeSiret(base, nic);
      expect(isValidSiret(siret)).toBe(true);
      expect(isValidSiren(sirenOf(siret))).toBe(true);
    }
    expect(() => luhnCheckDigit('12a')).toThrow();
    expect(() => makeSiret('123', '0001')).toThrow();
  });
});
