import { DEMO_PROJECTS } from './demo-data';

const CODES = ['84', '27', '53', '24', '94', '44', '32', '11', '28', '75', '76', '52', '93', '01', '02', '03', '04', '06'];

describe('DEMO_PROJECTS', () => {
  it('has well over a hundred entries, no project name twice', () => {
    // 141 answers listed, less the two national networks whose head office is not known here (issue 15).
    expect(DEMO_PROJECTS.length).toBeGreaterThanOrEqual(135);
    expect(new Set(DEMO_PROJECTS.map((p) => p.name)).size).toBe(DEMO_PROJECTS.length);
  });

  it('maps every entry to one of the 18 current region codes', () => {
    for (const p of DEMO_PROJECTS) expect(CODES).toContain(p.regionCode);
  });

  it('maps the old region names as DOMAIN.md says', () => {
    const expected: Record<string, string> = {
      Aquitaine: '75',
      Limousin: '75',
      'Poitou-Charentes': '75',
      Auvergne: '84',
      'Rhône-Alpes': '84',
      'Basse-Normandie': '28',
      Bourgogne: '27',
      'Franche-Comté': '27',
      'Champagne-Ardenne': '44',
      Lorraine: '44',
      'Languedoc-Roussillon': '76',
      'Midi-Pyrénées': '76',
      'Nord Pas-de-Calais': '32',
      Centre: '24',
      Guadeloupe: '01',
      'Pays-de-la-Loire': '52',
      "Provence Alpes Côte d'Azur": '93',
      'Ile-de-France': '11',
      'Ile de France': '11',
      Bretagne: '53',
    };
    for (const p of DEMO_PROJECTS) {
      const old = p.oldRegion.replace(/ \(\w+\)$/, '');
      if (old in expected) expect([p.name, p.regionCode]).toEqual([p.name, expected[old]]);
    }
  });

  it('has non-empty names and structures, and no contact details', () => {
    for (const p of DEMO_PROJECTS) {
      expect(p.name.trim()).not.toBe('');
      expect(p.structureName.trim()).not.toBe('');
      expect(`${p.name} ${p.structureName}`).not.toMatch(/@|\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2}/);
    }
  });
});
