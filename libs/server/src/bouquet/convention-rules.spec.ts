import { indicatorsFromSection, validateConvention } from './convention-rules';

// Seed 001: phase 2 — "apporter un soutien financier pour l'animation des coopérations"; the dossier states its
// "Indicateurs de suivi et d'évaluation pour l'atteinte des objectifs".
describe('convention rules', () => {
  it('defaults: the decided amount, 2 years, the indicators of the dossier', () => {
    const indicators = indicatorsFromSection('Nombre d’emplois créés, tonnes de déchets évitées, nombre de membres actifs.');
    expect(indicators.map((i) => i.label)).toEqual(['Nombre d’emplois créés', 'Tonnes de déchets évitées', 'Nombre de membres actifs']);
    const { value, errors } = validateConvention({}, { amountCents: 5_000_000, indicators });
    expect(errors).toEqual({});
    expect(value).toMatchObject({ amountCents: 5_000_000, durationMonths: 24, signedAt: null, instalments: [], indicators });
  });
  it('checks instalments against the amount and dates, in French', () => {
    const r = validateConvention(
      {
        amountCents: 100_000,
        instalments: [
          { amountCents: 80_000, plannedAt: '2022-01-15' },
          { amountCents: 20_000, plannedAt: '2023-01-15', paidAt: 'hier' },
        ],
        indicators: [{ label: '', target: 'dix' }],
      },
      { amountCents: null, indicators: [] },
    );
    expect(r.value).toBeNull();
    expect(r.errors).toEqual({
      'instalments.1.paidAt': 'Date de paiement attendue au format AAAA-MM-JJ.',
      'indicators.0.label': 'Le libellé de l’indicateur est obligatoire.',
      'indicators.0.target': 'La cible est un nombre.',
    });
    const over = validateConvention(
      {
        amountCents: 100_000,
        instalments: [
          { amountCents: 80_000, plannedAt: '2022-01-15' },
          { amountCents: 40_000, plannedAt: '2023-01-15' },
        ],
      },
      { amountCents: null, indicators: [] },
    );
    expect(over.errors.instalments).toMatch(/dépassent le montant/);
    expect(validateConvention({}, { amountCents: null, indicators: [] }).errors.amountCents).toMatch(/entier positif/);
    expect(validateConvention({ durationMonths: 0, amountCents: 1 }, { amountCents: null, indicators: [] }).errors.durationMonths).toMatch(
      /1 à 120/,
    );
  });
});
