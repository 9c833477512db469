import {
  COOPERATIVE_CODES,
  LEGAL_CATEGORY_LABELS,
  LEGAL_FORM_LABELS,
  isAmbiguousCooperativeForm,
  legalCategoryOf,
  legalFormLabel,
} from './legal-category';

describe('legalCategoryOf', () => {
  it.each(['9220', '9221', '9222', '9223', '9230', '9260'])('%s is an association', (c) => {
    expect(legalCategoryOf(c)).toBe('association');
  });

  it('9210 (association non déclarée) is autre', () => {
    expect(legalCategoryOf('9210')).toBe('autre');
  });

  it.each([
    '5458',
    '5460',
    '5558',
    '5658',
    '5560',
    '5660',
    '5443',
    '5451',
    '5453',
    '5454',
    '5455',
    '5456',
    '5457',
    '5459',
    '5543',
    '5551',
    '5555',
    '5559',
    '5651',
    '5655',
    '5659',
    '6316',
    '6317',
    '6318',
    '6543',
    '6551',
    '6554',
    '6558',
    '6560',
    '5203',
    '5307',
    '5309',
  ])('%s is a coopérative', (c) => {
    expect(legalCategoryOf(c)).toBe('cooperative');
  });

  it('has exactly the co-operative codes of DOMAIN.md', () => {
    // 45 listed, of which 5458, 5558 and 5658 also fall in the ranges; plus 5547, 5643, 5647, 5195 (issue 15).
    expect(COOPERATIVE_CODES).toHaveLength(3 + 3 + 1 + 1 + 7 + 1 + 9 + 9 + 3 + 5 + 3 - 3 + 4);
    expect(new Set(COOPERATIVE_CODES).size).toBe(COOPERATIVE_CODES.length);
  });

  it.each(['5202', '5306', '5308', '5499', '5498', '5485', '5599', '5699', '5710', '5720', '5785', '5800', '5546'])(
    '%s is a société commerciale',
    (c) => {
      expect(legalCategoryOf(c)).toBe('societe_commerciale');
    },
  );

  it.each(['9300', '8210', '8410', '7210', '7220', '4110', '3120', '1000', '6540', '6599', '9900', '5100', '5900'])('%s is autre', (c) => {
    expect(legalCategoryOf(c)).toBe('autre');
  });

  it('treats malformed codes as autre and trims', () => {
    expect(legalCategoryOf(' 9220 ')).toBe('association');
    expect(legalCategoryOf(5710)).toBe('societe_commerciale');
    expect(legalCategoryOf('92')).toBe('autre');
    expect(legalCategoryOf('')).toBe('autre');
    expect(legalCategoryOf(null)).toBe('autre');
  });

  it('flags plain SAS and SARL as possibly co-operative', () => {
    expect(isAmbiguousCooperativeForm('5710')).toBe(true);
    expect(isAmbiguousCooperativeForm('5499')).toBe(true);
    expect(isAmbiguousCooperativeForm('5458')).toBe(false);
    expect(isAmbiguousCooperativeForm('5599')).toBe(false);
    expect(isAmbiguousCooperativeForm(undefined)).toBe(false);
  });

  it('labels categories and forms in French', () => {
    expect(LEGAL_CATEGORY_LABELS.cooperative).toBe('Coopérative');
    expect(LEGAL_FORM_LABELS['9220']).toBe('Association déclarée');
    expect(LEGAL_FORM_LABELS['5458']).toBe('SARL coopérative ouvrière de production (SCOP)');
    expect(LEGAL_FORM_LABELS['5710']).toBe('SAS, société par actions simplifiée');
    expect(LEGAL_FORM_LABELS['9300']).toBe('Fondation');
    expect(legalFormLabel('5599')).toBe('SA à conseil d’administration');
    expect(legalFormLabel('5385')).toBe('Société commerciale (5385)');
    expect(legalFormLabel('abc')).toBeUndefined();
  });
});

describe('classification by INSEE label (issue 15)', () => {
  // Seed 001: "Structure porteuse : personne morale de droit privé constituée sous la forme de coopérative,
  // d'association ou de société commerciale agréée ESUS".
  it.each([
    ['5547', 'cooperative'],
    ['5643', 'cooperative'],
    ['5647', 'cooperative'],
    ['5195', 'cooperative'],
    ['5546', 'societe_commerciale'],
    ['5646', 'societe_commerciale'],
  ])('%s is classified %s', (code, cat) => {
    expect(legalCategoryOf(code)).toBe(cat);
  });

  /** What the label of an INSEE code says its category is. */
  function categoryFromLabel(code: string, label: string): string {
    const l = label
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    if (/cooperati/.test(l)) return 'cooperative';
    if (code === '9210') return 'autre'; // association non déclarée: no legal personality
    if (/^association/.test(l) || code === '9223') return 'association'; // 9223 groupement d'employeurs: an association
    if (/^(sarl|sa |sas|societe en nom|societe en commandite|societe d.exercice|entreprise unipersonnelle|societe europeenne)/.test(l))
      return 'societe_commerciale';
    return 'autre';
  }

  it('every code of the table has the category its label says', () => {
    const wrong: string[] = [];
    for (const [code, label] of Object.entries(LEGAL_FORM_LABELS)) {
      const expected = categoryFromLabel(code, label);
      if (legalCategoryOf(code) !== expected) wrong.push(`${code} ${label}: ${legalCategoryOf(code)} ≠ ${expected}`);
    }
    expect(wrong).toEqual([]);
    expect(Object.keys(LEGAL_FORM_LABELS).length).toBeGreaterThanOrEqual(80);
  });

  it('every co-operative code has a label that says so', () => {
    for (const code of COOPERATIVE_CODES) {
      const label = LEGAL_FORM_LABELS[code];
      if (label) expect(label).toMatch(/coopérati/i);
    }
  });
});
