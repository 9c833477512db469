// Fixtures shared by the selection, public and exports tests. The workflow up to `instruit` is tested elsewhere
// (dossiers, avis): here a dossier is put in `instruit` by SQL with rendered avis, and every decision goes through the API.
import { AVIS_ENTRY_CODES, MATURITY_MARKER_CODES } from '@ptce/domain';
import { createCampaign, createDossier } from '../helpers/fixtures';
import type { TestApp } from '../helpers/test-app';

export function avisContent(score: number, recommendation: string, level = 'en_developpement', typology = 'territoire') {
  return {
    scores: Object.fromEntries(AVIS_ENTRY_CODES.map((c) => [c, { score, comment: `Appréciation ${c}.` }])),
    maturity: { level, markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m) => [m, score])) },
    typology: { type: typology, actionLogics: ['mise_en_reseau'] },
    recommendation,
    synthesis: 'Synthèse confidentielle du relecteur.',
  };
}

export interface Staff {
  instructeur: { id: string; auth: string };
  cabinet: { id: string; auth: string };
  admin: { id: string; auth: string };
  reviewer: { id: string; auth: string };
}

export async function staff(t: TestApp): Promise<Staff> {
  return {
    instructeur: await t.as(['instructeur']),
    cabinet: await t.as(['cabinet']),
    admin: await t.as(['admin']),
    reviewer: await t.as(['cress'], ['53', '84', '11']),
  };
}

export interface Made {
  id: string;
  projectName: string;
  version: number;
}

/**
 * A dossier made `instruit` (eligible) with rendered avis: one per score given, each by the staff reviewer
 * (a second reviewer user per avis so the unique index is respected).
 */
export async function instruitDossier(
  t: TestApp,
  s: Staff,
  campaignId: string,
  scores: { score: number; recommendation: string; level?: string }[],
  over: Record<string, unknown> = {},
): Promise<Made> {
  const d = await createDossier(t, s.instructeur.auth, campaignId, over);
  await t.db.query(`UPDATE dossier SET state = 'instruit', eligibility = 'eligible' WHERE id = $1`, [d.id]);
  for (const sc of scores) {
    const reviewer = await t.createUser({ roles: ['cress'], regions: [d.region] });
    await t.db.query(
      `INSERT INTO avis (dossier_id, reviewer_id, role, status, content, recommendation, maturity, rendered_at)
       VALUES ($1,$2,'cress','rendu',$3,$4,$5, now())`,
      [d.id, reviewer.id, avisContent(sc.score, sc.recommendation, sc.level), sc.recommendation, sc.level ?? 'en_developpement'],
    );
  }
  const [row] = await t.db.query(`SELECT version FROM dossier WHERE id = $1`, [d.id]);
  return { id: d.id, projectName: d.projectName, version: row.version };
}

export async function campaignWith(t: TestApp, envelopeCents = 100_000_000): Promise<string> {
  return createCampaign(t, { envelopeCents });
}

export async function outbox(t: TestApp, where: { campaignId?: string; dossierIds?: string[]; type: string }) {
  if (where.dossierIds) {
    return t.db.query(`SELECT * FROM outbox_event WHERE type = $1 AND dossier_id = ANY($2::uuid[]) ORDER BY id`, [
      where.type,
      where.dossierIds,
    ]);
  }
  return t.db.query(`SELECT * FROM outbox_event WHERE type = $1 AND campaign_id = $2 ORDER BY id`, [where.type, where.campaignId]);
}

export async function decide(t: TestApp, auth: string, campaignId: string, phase: number, items: Record<string, unknown>[]) {
  return t.http().post(`/api/campaigns/${campaignId}/phases/${phase}/decisions`).set('Authorization', auth).send({ items });
}

/** A phase-1 campaign with `n` instruit dossiers of decreasing mean scores (4, 3.x …), arrêtée with the first `laureats`. */
export async function arreteePhase1(t: TestApp, s: Staff, names: string[], laureats: number) {
  const campaignId = await campaignWith(t);
  const made: Made[] = [];
  for (const [i, name] of names.entries()) {
    made.push(
      await instruitDossier(t, s, campaignId, [{ score: 4 - (i % 4), recommendation: 'favorable' }], {
        projectName: name,
        region: ['53', '84', '11'][i % 3],
      }),
    );
  }
  const res = await decide(
    t,
    s.cabinet.auth,
    campaignId,
    1,
    made.map((d, i) =>
      i < laureats ? { dossierId: d.id, decision: 'laureat' } : { dossierId: d.id, decision: 'non_retenu', motif: 'Projet moins avancé.' },
    ),
  );
  if (res.status !== 200) throw new Error(`decide: ${res.status} ${JSON.stringify(res.body)}`);
  const arret = await t.http().post(`/api/campaigns/${campaignId}/phases/1/arret`).set('Authorization', s.cabinet.auth);
  if (arret.status !== 200) throw new Error(`arret: ${arret.status} ${JSON.stringify(arret.body)}`);
  return { campaignId, made };
}

/** Supertest parser collecting the raw body (PDF, XLSX). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function binary(res: any, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
  res.on('error', (e: Error) => cb(e, Buffer.alloc(0)));
}
