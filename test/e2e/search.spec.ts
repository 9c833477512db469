import { makeSiret } from '@ptce/domain';
import { createCampaign, createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

// Issue 14 §1: a SIRET search answered 500 (10+ digits read as a DS number overflowed the integer), a SIREN found nothing.
describe('dossier list search: DS number, SIRET, SIREN, names, any spacing', () => {
  let t: TestApp;
  let auth: string;
  let campaignId: string;
  const siret = makeSiret('73282932', '0001');
  const siren = siret.slice(0, 9);
  let target: { id: string };
  let other: { id: string };

  beforeAll(async () => {
    t = await startTestApp();
    auth = (await t.as(['instructeur'])).auth;
    campaignId = await createCampaign(t);
    target = await createDossier(t, auth, campaignId, {
      dsNumber: 4242,
      projectName: 'Recyclerie du Léon',
      structure: { siret, name: 'Coopérative Ékilibre', legalFormCode: '9220', esus: false },
      referent: { name: 'Gwenaëlle Le Goff', email: 'gwen@example.org', phone: null },
    });
    other = await createDossier(t, auth, campaignId, { dsNumber: 777 });
  });
  afterAll(() => t?.close());

  async function search(q: string) {
    const res = await t
      .http()
      .get('/api/dossiers')
      .query({ filter: JSON.stringify({ campaignId, q }) })
      .set('Authorization', auth);
    return res;
  }
  const ids = (res: { body: Array<{ id: string }> }) => res.body.map((d) => d.id);

  it.each([
    ['the SIRET', siret],
    ['the SIRET with spaces', `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`],
    ['the SIREN', siren],
    ['the SIREN with spaces and dots', `${siren.slice(0, 3)}.${siren.slice(3, 6)} ${siren.slice(6)}`],
    ['the DS number', '4242'],
    ['the DS number with a space', '4 242'],
    ['the project name without accents', 'recyclerie du leon'],
    ['the structure name', 'ekilibre'],
    ['the referent name', 'gwenaelle'],
  ])('finds the dossier by %s', async (_what, q) => {
    const res = await search(q);
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual([target.id]);
    expect(res.headers['content-range']).toBe('dossiers 0-0/1');
  });

  it('a long run of digits is never read as a DS number (no 500), the count agrees with the rows', async () => {
    for (const q of ['12345678901', '99999999999999', '2147483648', '123456789012345678901234567890']) {
      const res = await search(q);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([]);
      expect(res.headers['content-range']).toBe('dossiers 0-0/0');
    }
    expect(ids(await search('777'))).toEqual([other.id]);
  });

  it('a search through the export finds the same dossier', async () => {
    const res = await t
      .http()
      .get('/api/dossiers/export')
      .query({ filter: JSON.stringify({ campaignId, q: siren }), format: 'csv' })
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.text).toContain('Recyclerie du Léon');
    expect(res.text).not.toContain('Pôle coopératif');
  });
});
