import { OLD_REGION_TO_CODE, REGIONS, REGION_CODES, isRegionCode, regionCodeFromName, regionName } from './regions';

describe('regions', () => {
  it('has the 18 current regions with their INSEE codes', () => {
    expect(REGIONS).toHaveLength(18);
    expect(new Set(REGION_CODES).size).toBe(18);
    expect(regionName('84')).toBe('Auvergne-Rhône-Alpes');
    expect(regionName('53')).toBe('Bretagne');
    expect(regionName('06')).toBe('Mayotte');
    expect(regionName('99')).toBeUndefined();
    expect(isRegionCode('01')).toBe(true);
    expect(isRegionCode('1')).toBe(false);
    expect(isRegionCode(53)).toBe(false);
  });

  it.each([
    ['Aquitaine', '75'],
    ['Limousin', '75'],
    ['Poitou-Charentes', '75'],
    ['Auvergne', '84'],
    ['Rhône-Alpes', '84'],
    ['Basse-Normandie', '28'],
    ['Haute-Normandie', '28'],
    ['Bourgogne', '27'],
    ['Franche-Comté', '27'],
    ['Champagne-Ardenne', '44'],
    ['Lorraine', '44'],
    ['Alsace', '44'],
    ['Languedoc-Roussillon', '76'],
    ['Midi-Pyrénées', '76'],
    ['Nord-Pas-de-Calais', '32'],
    ['Picardie', '32'],
    ['Centre', '24'],
  ])('maps the former region %s to %s', (name, code) => {
    expect(OLD_REGION_TO_CODE[name]).toBe(code);
    expect(regionCodeFromName(name)).toBe(code);
  });

  it('compares without case, accents, punctuation or spacing', () => {
    expect(regionCodeFromName('ILE DE FRANCE')).toBe('11');
    expect(regionCodeFromName('  île-de-france ')).toBe('11');
    expect(regionCodeFromName('midi pyrenees')).toBe('76');
    expect(regionCodeFromName("Provence-Alpes-Côte d'Azur")).toBe('93');
    expect(regionCodeFromName('Provence Alpes Cote d’Azur')).toBe('93');
    expect(regionCodeFromName('Région Bretagne')).toBe('53');
    expect(regionCodeFromName('Centre-Val-de-Loire')).toBe('24');
    expect(regionCodeFromName('La Réunion')).toBe('04');
    expect(regionCodeFromName('Réunion')).toBe('04');
  });

  it('maps every current name to its own code', () => {
    for (const r of REGIONS) expect(regionCodeFromName(r.name)).toBe(r.code);
  });

  it('accepts a code, padding a single digit', () => {
    expect(regionCodeFromName('53')).toBe('53');
    expect(regionCodeFromName('1')).toBe('01');
    expect(regionCodeFromName('99')).toBeUndefined();
  });

  it('returns undefined for unknown or empty input', () => {
    expect(regionCodeFromName('Atlantide')).toBeUndefined();
    expect(regionCodeFromName('')).toBeUndefined();
    expect(regionCodeFromName(null)).toBeUndefined();
  });
});
