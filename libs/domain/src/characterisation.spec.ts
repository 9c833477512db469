import { CHARACTERISATION_OPTIONS, characterisationLabel, validateCharacterisation } from './characterisation';

describe('validateCharacterisation', () => {
  it('accepts known fields and refuses unknown values in French', () => {
    expect(validateCharacterisation({ size: 12 })).toEqual({});
    expect(validateCharacterisation({ size: -1 })).toEqual({ 'characterisation.size': expect.stringMatching(/entier positif/) });
    expect(validateCharacterisation([])).toEqual({ characterisation: 'La caractérisation doit être un objet.' });
  });

  // Issue 8: an inherited name used to reach a function of Object.prototype and throw (a 500 at the API).
  it.each([...Object.getOwnPropertyNames(Object.prototype), 'prototype'])('refuses "%s" as an unknown field', (key) => {
    const input = JSON.parse(`{"${key}": "x"}`);
    expect(validateCharacterisation(input)).toEqual({ [`characterisation.${key}`]: 'Champ de caractérisation inconnu.' });
  });
});

describe('characterisation closer to the seeds (issue 15)', () => {
  it('seed 003: "Services mobilisés: Economie, ESS, Emploi insertion, Sectorielle"', () => {
    expect(CHARACTERISATION_OPTIONS.servicesMobilises.map((o) => o.code)).toEqual(['economie', 'ess', 'emploi_insertion', 'sectorielle']);
    expect(validateCharacterisation({ servicesMobilises: ['ess', 'emploi_insertion'] })).toEqual({});
    expect(Object.keys(validateCharacterisation({ servicesMobilises: ['tourisme'] }))).toEqual(['characterisation.servicesMobilises']);
  });
  it('seed 003: "Nature d\'activité: Production de biens et services, formation, gestion des compétences"', () => {
    expect(CHARACTERISATION_OPTIONS.activityNature.map((o) => o.label)).toEqual([
      'Production de biens et services',
      'Formation',
      'Gestion des compétences',
    ]);
    expect(validateCharacterisation({ activityNature: ['formation'] })).toEqual({});
  });
  it('seed 003: "Qualité des structures impliquées: Privés, publics, ess, institutions, centre recherche, formation"', () => {
    expect(CHARACTERISATION_OPTIONS.memberKinds.map((o) => o.code)).toContain('institutions');
  });
  it('seed 001: territoires fragiles "ou propices à la coopération"', () => {
    expect(validateCharacterisation({ fragileTerritory: ['propice_cooperation'] })).toEqual({});
    expect(characterisationLabel('fragileTerritory', 'propice_cooperation')).toBe('Territoire propice à la coopération');
  });
});

describe('lists without duplicates (the bilan counts each value once per dossier)', () => {
  it('refuses a value given twice', () => {
    expect(validateCharacterisation({ sector: ['social', 'social'] })).toEqual({
      'characterisation.sector': 'Une même valeur est cochée deux fois.',
    });
  });
});
