import { makeSiret } from '../siret';
import { MEMBER_KIND_CODES, memberKindCounts, memberKindFromText, validateMembers } from './index';

// Seed 001: "Etre un regroupement sur un même territoire de réseaux, entreprises et structures de l'ESS associés à des
// entreprises industrielles et commerciales et, le cas échéant, des collectivités locales, des centres de recherche et
// organismes de formation"; seed 003 adds "institutions".
describe('member list', () => {
  const siret = makeSiret('12345678', '0001');
  it('has the kinds of seeds 001 and 003', () => {
    expect(MEMBER_KIND_CODES).toEqual(['ess', 'entreprise', 'collectivite', 'recherche', 'formation', 'institution', 'autre']);
  });
  it('validates and normalises a list', () => {
    const r = validateMembers([
      { name: '  Coop Alpha ', siret: siret.replace(/(\d{3})/, '$1 '), kind: 'ess' },
      { name: 'Usine Béta', kind: 'entreprise' },
    ]);
    expect(r.errors).toEqual({});
    expect(r.members).toEqual([
      { name: 'Coop Alpha', siret, kind: 'ess' },
      { name: 'Usine Béta', siret: null, kind: 'entreprise' },
    ]);
  });
  it('refuses in French: no name, bad SIRET, duplicate SIRET, unknown kind, unknown field, not an array', () => {
    const r = validateMembers([
      { name: '', kind: 'ess' },
      { name: 'X', siret: '12345678900000', kind: 'ess' },
      { name: 'Y', siret, kind: 'banque' },
      { name: 'Z', siret, kind: 'ess', extra: 1 },
    ]);
    expect(Object.keys(r.errors).sort()).toEqual([
      'members.0.name',
      'members.1.siret',
      'members.2.kind',
      'members.3.extra',
      'members.3.siret',
    ]);
    expect(r.errors['members.3.siret']).toMatch(/déjà indiqué pour le membre n° 3/);
    expect(validateMembers({}).errors).toEqual({ members: 'La liste des membres doit être un tableau.' });
  });
  it('reads a kind from DS text', () => {
    expect(memberKindFromText('Structure de l’ESS')).toBe('ess');
    expect(memberKindFromText('Entreprise')).toBe('entreprise');
    expect(memberKindFromText('Collectivité locale')).toBe('collectivite');
    expect(memberKindFromText('Centre de recherche')).toBe('recherche');
    expect(memberKindFromText('Organisme de formation')).toBe('formation');
    expect(memberKindFromText('Institution')).toBe('institution');
    expect(memberKindFromText('???')).toBeNull();
  });
  it('counts per kind', () => {
    expect(memberKindCounts([{ kind: 'ess' }, { kind: 'ess' }, { kind: 'recherche' }])).toMatchObject({
      ess: 2,
      recherche: 1,
      entreprise: 0,
    });
  });
});
