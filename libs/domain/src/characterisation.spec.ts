import { validateCharacterisation } from './characterisation';

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
