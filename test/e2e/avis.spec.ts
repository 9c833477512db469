import { AVIS_ENTRY_CODES, dueDate, makeSiret, MATURITY_MARKER_CODES, Role } from '@ptce/domain';
import { createCampaign, createDossier, transition } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';

type Who = Awaited<ReturnType<TestApp['as']>> & { fullName: string };
interface Avis {
  id: string;
  dossierId: string;
  reviewerId: string;
  reviewerName: string;
  role: string;
  status: string;
  version: number;
  dueAt: string;
  [k: string]: unknown;
}
interface JournalRow {
  action: string;
  actorRole: string;
  actorId: string | null;
  motif: string | null;
  data: Record<string, unknown>;
}

/** A complete avis content: every entry scored `score(code)`, every marker `marker`, with comments and a synthesis. */
function fullContent(score: (code: string) => number, marker: number, level: string, recommendation: string) {
  return {
    scores: Object.fromEntries(AVIS_ENTRY_CODES.map((c) => [c, { score: score(c), comment: `Appréciation sur ${c}.` }])),
    maturity: { level, markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m) => [m, marker])) },
    typology: { type: 'territoire', actionLogics: ['mise_en_reseau'] },
    recommendation,
    synthesis: 'Un PTCE solide, bien ancré sur son territoire, avec une gouvernance partagée et des projets concrets.',
  };
}

describe('avis: assignment, conflicts, lifecycle, visibility, synthesis (real PostgreSQL)', () => {
  let t: TestApp;
  let instructeur: Who;
  let cabinet: Who;
  const people = new Map<string, Who>();
  let n = 0;

  async function mk(roles: Role[], regions: string[] = [], organisationSiret: string | null = null): Promise<Who> {
    const fullName = `${roles[0]} ${regions.join('-')} n°${++n}`;
    const w = { ...(await t.as(roles, regions, { organisationSiret, fullName })), fullName };
    people.set(w.id, w);
    return w;
  }
  const who = (id: string): Who => {
    const w = people.get(id);
    if (!w) throw new Error(`unknown reviewer ${id}`);
    return w;
  };

  async function campaign(roles: string[], compagnons = 1, delayDays = 21): Promise<string> {
    const id = await createCampaign(t, { avisDelayDays: delayDays });
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2, compagnons_per_dossier = $3 WHERE id = $1`, [id, roles, compagnons]);
    return id;
  }

  async function openDossier(campaignId: string, over: Record<string, unknown> = {}) {
    const d = await createDossier(t, instructeur.auth, campaignId, over);
    const res = await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function declareEligible(id: string) {
    const d = (await t.http().get(`/api/dossiers/${id}`).set('Authorization', instructeur.auth)).body;
    const elig = await t.http().get(`/api/dossiers/${id}/eligibility`).set('Authorization', instructeur.auth);
    const decisions: Record<string, unknown> = {};
    for (const item of elig.body.items)
      decisions[item.code] = item.auto === 'ok' ? { status: 'ok' } : { status: 'ok', reason: 'Vérifié au vu des statuts.' };
    const put = await t
      .http()
      .put(`/api/dossiers/${id}/eligibility`)
      .set('Authorization', instructeur.auth)
      .send({ decisions, expectedVersion: d.version });
    expect(put.status).toBe(200);
    const res = await transition(t, instructeur.auth, id, 'declarer_eligible', put.body.version);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function avisOf(dossierId: string, auth = instructeur.auth): Promise<Avis[]> {
    const res = await t
      .http()
      .get('/api/avis')
      .query({ filter: JSON.stringify({ dossierId }), range: '[0,99]', sort: '["role","ASC"]' })
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    return res.body;
  }

  async function journalOf(dossierId: string): Promise<JournalRow[]> {
    return (await t.http().get(`/api/dossiers/${dossierId}/journal`).set('Authorization', instructeur.auth)).body;
  }

  const getAvis = (id: string, auth: string) => t.http().get(`/api/avis/${id}`).set('Authorization', auth);
  const save = (a: { id: string; version: number }, auth: string, content: unknown) =>
    t.http().put(`/api/avis/${a.id}`).set('Authorization', auth).send({ content, expectedVersion: a.version });
  const submit = (a: { id: string; version: number }, auth: string, content?: unknown) =>
    t
      .http()
      .post(`/api/avis/${a.id}/submit`)
      .set('Authorization', auth)
      .send(content === undefined ? { expectedVersion: a.version } : { content, expectedVersion: a.version });

  /** Renders an avis as its reviewer, in one call (content + submit). */
  async function render(a: Avis, content: unknown) {
    const res = await submit(a, who(a.reviewerId).auth, content);
    expect(res.status).toBe(200);
    return res.body as Avis;
  }

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await mk(['instructeur']);
    cabinet = await mk(['cabinet']);
  });
  afterAll(async () => t?.close());

  it('assigns the required avis on entering instruction: region, load, no conflict, due date; a role without candidate is journaled', async () => {
    const campaignId = await campaign(['correspondant_ess', 'cress', 'compagnon'], 2, 10);
    const memberSiret = makeSiret('77700001', '0001');
    const cressLoaded = await mk(['cress'], ['53']);
    const cressFree = await mk(['cress'], ['53']);
    const cressInConflict = await mk(['cress'], ['53'], makeSiret('77700001', '0099')); // same SIREN as a member: never auto-assigned
    const correspondant = await mk(['correspondant_ess'], ['53']);
    const compA = await mk(['compagnon']);
    const compB = await mk(['compagnon']);
    const compC = await mk(['compagnon']);
    await t.db.query(`UPDATE app_user SET active = false WHERE 'compagnon' = ANY(roles) AND id <> ALL($1::uuid[])`, [
      [compA.id, compB.id, compC.id],
    ]);
    // Open avis on other dossiers: cressLoaded 2, cressFree 1, cressInConflict 0 (the least loaded, but in conflict);
    // compA 2, compC 1, compB 0.
    const other = await createDossier(t, instructeur.auth, await campaign([]));
    const other2 = await createDossier(t, instructeur.auth, await campaign([]));
    await t.db.query(
      `INSERT INTO avis (dossier_id, reviewer_id, role) VALUES ($1,$2,'cress'), ($4,$2,'cress'), ($1,$6,'cress'),
              ($1,$3,'compagnon'), ($4,$3,'compagnon'), ($1,$5,'compagnon')`,
      [other.id, cressLoaded.id, compA.id, other2.id, compC.id, cressFree.id],
    );

    const before = new Date();
    const d = await openDossier(campaignId, { region: '53', memberSirets: [memberSiret] });
    const after = new Date();
    const avis = await avisOf(d.id);
    const byRole = (r: string) =>
      avis
        .filter((a) => a.role === r)
        .map((a) => a.reviewerId)
        .sort();
    expect(byRole('cress')).toEqual([cressFree.id]);
    expect(byRole('correspondant_ess')).toEqual([correspondant.id]);
    expect(byRole('compagnon')).toEqual([compB.id, compC.id].sort());
    expect(avis.every((a) => a.status === 'a_rediger' && a.version === 1 && a.required === true)).toBe(true);
    expect(avis.map((a) => a.reviewerId)).not.toContain(cressInConflict.id);
    // Due: end of the Paris day, 10 days after the assignment.
    const due = new Date(avis[0].dueAt).getTime();
    expect([dueDate(before, 10).getTime(), dueDate(after, 10).getTime()]).toContain(due);
    expect(avis[0]).toMatchObject({
      reminderCount: 0,
      remindedAt: null,
      overdue: false,
      dossier: { projectName: d.projectName, region: '53', state: 'en_instruction' },
    });

    const journal = await journalOf(d.id);
    const assigned = journal.filter((j) => j.action === 'assigner_avis');
    expect(assigned).toHaveLength(4);
    expect(assigned.every((j) => j.actorRole === 'system' && j.data.auto === true)).toBe(true);
    expect(journal.filter((j) => j.action === 'avis_sans_relecteur')).toHaveLength(0);
    const [outbox] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE dossier_id = $1 AND type = 'avis.assigne'`, [
      d.id,
    ]);
    expect(outbox.n).toBe(4);

    // Hauts-de-France has no CRESS nor correspondant: those roles are skipped and journaled, the compagnons assigned.
    const d32 = await openDossier(campaignId, { region: '32' });
    expect((await avisOf(d32.id)).map((a) => a.role)).toEqual(['compagnon', 'compagnon']);
    const skipped = (await journalOf(d32.id)).filter((j) => j.action === 'avis_sans_relecteur');
    expect(skipped.map((j) => j.data.role).sort()).toEqual(['correspondant_ess', 'cress']);
    expect(skipped[0].motif).toMatch(/Aucun relecteur disponible .* en Hauts-de-France/);
    await t.db.query(`UPDATE app_user SET active = true WHERE 'compagnon' = ANY(roles)`);
  });

  it('creates no duplicate when the dossier comes back from compléments, only the missing required avis', async () => {
    const campaignId = await campaign(['correspondant_ess', 'cress']);
    await mk(['cress'], ['84']);
    await mk(['correspondant_ess'], ['84']);
    let d = await openDossier(campaignId, { region: '84' });
    const first = await avisOf(d.id);
    expect(first).toHaveLength(2);
    // More candidates now exist: a naive "assign every required role again" would create duplicates.
    await mk(['cress'], ['84']);
    await mk(['correspondant_ess'], ['84']);
    const asked = await transition(t, instructeur.auth, d.id, 'demander_complements', d.version, {
      data: { message: 'Merci de joindre le budget.', dueAt: '2031-07-05' },
    });
    expect(asked.status).toBe(200);
    // Meanwhile the instructeur removes the CRESS assignment (not started).
    const cressAvis = first.find((a) => a.role === 'cress')!;
    const removed = await t.http().delete(`/api/avis/${cressAvis.id}`).set('Authorization', instructeur.auth);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ id: cressAvis.id, status: 'a_rediger' });
    d = (await transition(t, instructeur.auth, d.id, 'enregistrer_complements', asked.body.version)).body;
    expect(d.state).toBe('en_instruction');
    const again = await avisOf(d.id);
    expect(again).toHaveLength(2);
    expect(again.find((a) => a.role === 'correspondant_ess')!.id).toBe(first.find((a) => a.role === 'correspondant_ess')!.id);
    expect(again.find((a) => a.role === 'cress')!.id).not.toBe(cressAvis.id);
    const actions = (await journalOf(d.id)).map((j) => j.action);
    expect(actions.filter((a) => a === 'assigner_avis')).toHaveLength(3);
    expect(actions).toContain('retirer_avis');
    expect(actions).not.toContain('avis_sans_relecteur');
  });

  it('does not count avis left open on closed dossiers in a reviewer’s load', async () => {
    const campaignId = await campaign(['cress'], 0, 10);
    const busyOnClosed = await mk(['cress'], ['01']);
    const busyOnOpen = await mk(['cress'], ['01']);
    const closed = await createDossier(t, instructeur.auth, await campaign([]), { region: '01' });
    const closedRes = await transition(t, instructeur.auth, closed.id, 'classer_sans_suite', closed.version, {
      motif: 'Retiré par le porteur',
    });
    expect(closedRes.body.state).toBe('sans_suite');
    const open = await createDossier(t, instructeur.auth, await campaign([]), { region: '01' });
    const closed2 = await createDossier(t, instructeur.auth, await campaign([]), { region: '01' });
    await transition(t, instructeur.auth, closed2.id, 'declarer_ineligible', closed2.version, { motif: 'Fondation' });
    // busyOnClosed: 2 open avis, both on closed dossiers (load 0); busyOnOpen: 1 on an open dossier (load 1).
    await t.db.query(
      `INSERT INTO avis (dossier_id, reviewer_id, role, status) VALUES ($1,$2,'cress','a_rediger'), ($5,$2,'cress','brouillon'), ($3,$4,'cress','a_rediger')`,
      [closed.id, busyOnClosed.id, open.id, busyOnOpen.id, closed2.id],
    );
    const d = await openDossier(campaignId, { region: '01' });
    expect((await avisOf(d.id)).map((a) => a.reviewerId)).toEqual([busyOnClosed.id]);
  });

  it('keeps the review actions out of the journal a reviewer reads', async () => {
    const campaignId = await campaign(['cress'], 0, 10);
    const cress = await mk(['cress'], ['02']);
    const d = await openDossier(campaignId, { region: '02' });
    const staffView = (await t.http().get(`/api/dossiers/${d.id}/journal`).set('Authorization', instructeur.auth)).body.map(
      (j: JournalRow) => j.action,
    );
    expect(staffView).toContain('assigner_avis');
    const reviewerView = await t.http().get(`/api/dossiers/${d.id}/journal`).set('Authorization', cress.auth);
    expect(reviewerView.status).toBe(200);
    expect(reviewerView.body.map((j: JournalRow) => j.action)).toEqual(['creer', 'ouvrir_instruction']);
  });

  it('refuses a manual assignment in conflict of interest (409), then accepts it with a reason, journaled; shows load and conflicts', async () => {
    const campaignId = await campaign(['cress']);
    await mk(['cress'], ['27']);
    const structureSiret = makeSiret('66600001', '0001');
    const d = await openDossier(campaignId, {
      region: '27',
      structure: { siret: structureSiret, name: 'Association Conflit', legalFormCode: '9220' },
    });
    const expertInConflict = await mk(['expert'], ['27'], makeSiret('66600001', '0002')); // another establishment, same SIREN
    const expertFree = await mk(['expert'], ['27']);
    const expertElsewhere = await mk(['expert'], ['93']);

    const candidates = await t
      .http()
      .get(`/api/dossiers/${d.id}/assignment-candidates`)
      .query({ role: 'expert' })
      .set('Authorization', instructeur.auth);
    expect(candidates.status).toBe(200);
    const c = (id: string) => candidates.body.find((x: { id: string }) => x.id === id);
    expect(c(expertFree.id)).toMatchObject({ openAvisCount: 0, conflict: null, inRegion: true, alreadyAssigned: false });
    expect(c(expertElsewhere.id)).toMatchObject({ conflict: null, inRegion: false });
    expect(c(expertInConflict.id).conflict).toMatch(/même entreprise \(SIREN \d{9}\) que la structure porteuse/);
    expect(c(expertInConflict.id).conflictOverridable).toBe(true);
    expect(
      (await t.http().get(`/api/dossiers/${d.id}/assignment-candidates`).query({ role: 'chef' }).set('Authorization', instructeur.auth))
        .status,
    ).toBe(400);

    const url = `/api/dossiers/${d.id}/assignments`;
    const refused = await t
      .http()
      .post(url)
      .set('Authorization', instructeur.auth)
      .send({ reviewerId: expertInConflict.id, role: 'expert' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('CONFLICT_OF_INTEREST');
    expect(refused.body.message).toMatch(/même entreprise \(SIREN \d{9}\) que la structure porteuse/);
    expect(await t.db.query(`SELECT 1 FROM avis WHERE dossier_id = $1 AND reviewer_id = $2`, [d.id, expertInConflict.id])).toHaveLength(0);

    const byExpert = await t.http().post(url).set('Authorization', expertFree.auth).send({ reviewerId: expertFree.id, role: 'expert' });
    expect(byExpert.status).toBe(403);
    const wrongRole = await t.http().post(url).set('Authorization', instructeur.auth).send({ reviewerId: expertFree.id, role: 'cress' });
    expect(wrongRole.status).toBe(400);

    const reason = 'Seul expert du secteur disponible ; établissement distinct de la structure porteuse.';
    const ok = await t
      .http()
      .post(url)
      .set('Authorization', instructeur.auth)
      .send({ reviewerId: expertInConflict.id, role: 'expert', overrideReason: reason, dueAt: '2031-01-15T18:00:00+01:00' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      reviewerId: expertInConflict.id,
      role: 'expert',
      status: 'a_rediger',
      dueAt: '2031-01-15T17:00:00.000Z',
      assignmentOverrideReason: reason,
    });
    const row = (await journalOf(d.id)).filter((j) => j.action === 'assigner_avis').at(-1)!;
    expect(row).toMatchObject({
      actorId: instructeur.id,
      actorRole: 'instructeur',
      motif: reason,
      data: { avisId: ok.body.id, auto: false },
    });
    expect(row.data.conflictOverridden).toMatch(/SIREN/);

    const twice = await t
      .http()
      .post(url)
      .set('Authorization', instructeur.auth)
      .send({ reviewerId: expertInConflict.id, role: 'expert', overrideReason: reason });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_ASSIGNED');
    const free = await t.http().post(url).set('Authorization', instructeur.auth).send({ reviewerId: expertFree.id, role: 'expert' });
    expect(free.status).toBe(201);
    // The expert now sees the dossier (assigned) and their load shows in the candidates.
    expect((await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', expertFree.auth)).status).toBe(200);
    const after = await t
      .http()
      .get(`/api/dossiers/${d.id}/assignment-candidates`)
      .query({ role: 'expert' })
      .set('Authorization', instructeur.auth);
    expect(after.body.find((x: { id: string }) => x.id === expertFree.id)).toMatchObject({ openAvisCount: 1, alreadyAssigned: true });
  });

  it('a declared conflict releases the avis, assigns another reviewer of the role and hides the dossier from the declarer', async () => {
    const campaignId = await campaign(['cress']);
    const cressA = await mk(['cress'], ['24']);
    const d = await openDossier(campaignId, { region: '24' });
    const cressB = await mk(['cress'], ['24']);
    const [avis] = await avisOf(d.id);
    expect(avis.reviewerId).toBe(cressA.id);
    expect((await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', cressA.auth)).status).toBe(200);

    const noReason = await t.http().post(`/api/avis/${avis.id}/conflict`).set('Authorization', cressA.auth).send({});
    expect(noReason.status).toBe(400);
    const byOther = await t.http().post(`/api/avis/${avis.id}/conflict`).set('Authorization', cressB.auth).send({ reason: 'x y z' });
    expect(byOther.status).toBe(404); // cressB sees the dossier (region) but not cressA's unrendered avis
    const declared = await t
      .http()
      .post(`/api/avis/${avis.id}/conflict`)
      .set('Authorization', cressA.auth)
      .send({ reason: 'Je siège au bureau de l’association porteuse.' });
    expect(declared.status).toBe(200);
    expect(declared.body).toMatchObject({ status: 'conflit', conflictReason: 'Je siège au bureau de l’association porteuse.' });

    const now = await avisOf(d.id);
    expect(now.map((a) => [a.reviewerId, a.status]).sort()).toEqual(
      [
        [cressA.id, 'conflit'],
        [cressB.id, 'a_rediger'],
      ].sort(),
    );
    const journal = await journalOf(d.id);
    expect(journal.find((j) => j.action === 'declarer_conflit')).toMatchObject({
      actorId: cressA.id,
      motif: 'Je siège au bureau de l’association porteuse.',
    });
    expect(journal.filter((j) => j.action === 'assigner_avis').at(-1)).toMatchObject({
      actorRole: 'system',
      data: { reviewerId: cressB.id, replaces: avis.id },
    });

    // The declarer no longer sees the dossier, nor any of its avis, although it is in their region.
    expect((await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', cressA.auth)).status).toBe(404);
    expect((await getAvis(avis.id, cressA.auth)).status).toBe(404);
    const list = await t
      .http()
      .get('/api/dossiers')
      .query({ filter: JSON.stringify({ campaignId }) })
      .set('Authorization', cressA.auth);
    expect(list.body).toEqual([]);
    expect(await avisOf(d.id, cressA.auth)).toEqual([]);
    // The instructeur cannot assign them again: the declared conflict is not overridable.
    const back = await t
      .http()
      .post(`/api/dossiers/${d.id}/assignments`)
      .set('Authorization', instructeur.auth)
      .send({ reviewerId: cressA.id, role: 'cress', overrideReason: 'Tant pis' });
    expect(back.status).toBe(409);
    expect(back.body.code).toBe('CONFLICT_OF_INTEREST');
  });

  it('a declined avis is replaced by another reviewer of the role; the decliner keeps seeing their declined avis', async () => {
    const campaignId = await campaign(['compagnon']);
    await mk(['compagnon']);
    await mk(['compagnon']);
    const d = await openDossier(campaignId, { region: '52' });
    const [avis] = await avisOf(d.id);
    const decliner = who(avis.reviewerId);
    const res = await t
      .http()
      .post(`/api/avis/${avis.id}/decline`)
      .set('Authorization', decliner.auth)
      .send({ reason: 'Indisponible ce mois-ci.', expectedVersion: 1 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'decline', declinedReason: 'Indisponible ce mois-ci.', version: 2, actions: [] });
    const now = await avisOf(d.id);
    const replacement = now.find((a) => a.status === 'a_rediger')!;
    expect(replacement.role).toBe('compagnon');
    expect(replacement.reviewerId).not.toBe(decliner.id);
    expect((await getAvis(avis.id, decliner.auth)).body.status).toBe('decline');
    const again = await t.http().post(`/api/avis/${avis.id}/decline`).set('Authorization', decliner.auth).send({ reason: 'Encore' });
    expect(again.status).toBe(409);
    expect((await journalOf(d.id)).map((j) => j.action)).toEqual(expect.arrayContaining(['decliner_avis']));
  });

  it('keeps regional reviewers to their region: a dossier or an avis of region 32 is a 404 for a reviewer of region 53', async () => {
    const campaignId = await campaign(['compagnon']);
    const cress53 = await mk(['cress'], ['53']);
    const d32 = await openDossier(campaignId, { region: '32' });
    const [avis] = await avisOf(d32.id);
    for (const res of [
      await t.http().get(`/api/dossiers/${d32.id}`).set('Authorization', cress53.auth),
      await getAvis(avis.id, cress53.auth),
      await save(avis, cress53.auth, {}),
      await submit(avis, cress53.auth),
      await t.http().post(`/api/avis/${avis.id}/conflict`).set('Authorization', cress53.auth).send({ reason: 'Pas moi' }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    expect(await avisOf(d32.id, cress53.auth)).toEqual([]);
    expect((await getAvis('pas-un-uuid', cress53.auth)).status).toBe(404);
    expect((await t.http().get(`/api/dossiers/${d32.id}/avis-synthesis`).set('Authorization', cress53.auth)).status).toBe(403);
  });

  it('shows a reviewer their own avis, and the other rendered ones once theirs is rendered; only the reviewer writes', async () => {
    const campaignId = await campaign(['correspondant_ess', 'cress', 'compagnon']);
    const corr = await mk(['correspondant_ess'], ['44']);
    const cress = await mk(['cress'], ['44']);
    const d = await openDossier(campaignId, { region: '44' });
    const otherCress = await mk(['cress'], ['44']); // same region, not assigned
    const all = await avisOf(d.id);
    expect(all).toHaveLength(3);
    const mine = all.find((a) => a.reviewerId === cress.id)!;
    const corrAvis = all.find((a) => a.reviewerId === corr.id)!;
    const compAvis = all.find((a) => a.role === 'compagnon')!;
    const ids = async (auth: string) => (await avisOf(d.id, auth)).map((a) => a.id).sort();

    expect(await ids(cress.auth)).toEqual([mine.id]);
    expect(mine.actions).toEqual(['unassign']); // seen by the instructeur
    expect((await getAvis(mine.id, cress.auth)).body.actions).toEqual(['save', 'submit', 'decline', 'conflict']);
    await render(
      corrAvis,
      fullContent(() => 3, 2, 'emergent', 'favorable'),
    );
    expect((await getAvis(corrAvis.id, cress.auth)).status).toBe(404); // not before their own is rendered
    // The instructeur sees it but does not write someone else's avis: 403.
    expect((await save(mine, instructeur.auth, {})).status).toBe(403);
    expect((await submit(mine, instructeur.auth)).status).toBe(403);

    const rendered = await render(
      mine,
      fullContent(() => 2, 2, 'emergent', 'favorable_reserves'),
    );
    expect(rendered).toMatchObject({ status: 'rendu', version: 2, recommendation: 'favorable_reserves', maturity: { level: 'emergent' } });
    expect(rendered.renderedAt).toEqual(expect.any(String));
    expect(await ids(cress.auth)).toEqual([mine.id, corrAvis.id].sort()); // the compagnon's is not rendered: still hidden
    expect((await getAvis(compAvis.id, cress.auth)).status).toBe(404);
    const seen = await getAvis(corrAvis.id, cress.auth);
    expect(seen.status).toBe(200);
    expect(seen.body.assignmentOverrideReason).toBeUndefined();
    expect((await save(corrAvis, cress.auth, {})).status).toBe(403); // visible, not theirs
    expect(await ids(otherCress.auth)).toEqual([]);
    expect(await ids(cabinet.auth)).toEqual(all.map((a) => a.id).sort());
    const outsider = await mk(['expert'], ['44']);
    expect((await getAvis(mine.id, outsider.auth)).status).toBe(404);

    // A rendered avis is final, unless the instructeur re-opens it (journaled).
    const again = await save({ id: mine.id, version: 2 }, cress.auth, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('AVIS_NOT_ALLOWED');
    expect(
      (await t.http().post(`/api/avis/${mine.id}/reopen`).set('Authorization', cress.auth).send({ reason: 'Je veux corriger' })).status,
    ).toBe(403);
    const reopened = await t
      .http()
      .post(`/api/avis/${mine.id}/reopen`)
      .set('Authorization', instructeur.auth)
      .send({ reason: 'Note de gouvernance à revoir.' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'brouillon', renderedAt: null, version: 3 });
    expect((await journalOf(d.id)).find((j) => j.action === 'rouvrir_avis')).toMatchObject({
      actorId: instructeur.id,
      motif: 'Note de gouvernance à revoir.',
    });
    expect((await getAvis(corrAvis.id, cress.auth)).status).toBe(404); // theirs is no longer rendered
    expect((await save({ id: mine.id, version: 3 }, cress.auth, { recommendation: 'favorable' })).status).toBe(200);
    expect((await t.http().delete(`/api/avis/${mine.id}`).set('Authorization', instructeur.auth)).status).toBe(409); // started
  });

  it('validates drafts (incomplete is fine, wrong is a 400 per field), versions, and names everything missing on submit', async () => {
    const campaignId = await campaign(['cress']);
    const cress = await mk(['cress'], ['11']);
    const d = await openDossier(campaignId, { region: '11' });
    const [avis] = await avisOf(d.id);

    const wrong = await save(avis, cress.auth, {
      scores: { gouvernance: { score: 7, comment: 'x' }, poesie: { score: 2 } },
      recommendation: 'bof',
      maturity: { level: 'emergent', markers: { pluralite_acteurs: 0 } },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('VALIDATION_FAILED');
    expect(wrong.body.details).toMatchObject({
      'scores.gouvernance.score': expect.stringMatching(/nombre entier de 1 à 4/),
      'scores.poesie': expect.stringMatching(/inconnue/),
      recommendation: expect.stringMatching(/Recommandation inconnue/),
      'maturity.markers.pluralite_acteurs': expect.any(String),
    });
    expect(Object.keys(wrong.body.details)).not.toContain('synthesis');

    const draft = {
      scores: { gouvernance: { score: 3, comment: 'Gouvernance partagée.' } },
      maturity: { level: 'historique' },
      recommendation: 'favorable',
    };
    const saved = await save(avis, cress.auth, draft);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      status: 'brouillon',
      version: 2,
      scores: draft.scores,
      maturity: { level: 'historique', markers: {} },
      recommendation: 'favorable',
      synthesis: null,
    });
    const [row] = await t.db.query(`SELECT recommendation, maturity FROM avis WHERE id = $1`, [avis.id]);
    expect(row).toEqual({ recommendation: 'favorable', maturity: 'historique' });
    const stale = await save(avis, cress.auth, draft);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    expect((await t.http().put(`/api/avis/${avis.id}`).set('Authorization', cress.auth).send({ content: draft })).status).toBe(400);

    const incomplete = await submit({ id: avis.id, version: 2 }, cress.auth);
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.code).toBe('AVIS_INCOMPLETE');
    const details = incomplete.body.details as Record<string, string>;
    expect(details).toMatchObject({
      'scores.financement': 'Note manquante pour « Financement prévisionnel ».',
      'scores.financement.comment': expect.stringMatching(/Commentaire manquant/),
      'maturity.markers.projets_concrets': expect.stringMatching(/non noté/),
      'typology.type': 'Typologie manquante.',
      synthesis: 'Synthèse manquante.',
    });
    expect(details['scores.gouvernance']).toBeUndefined();
    expect(details.recommendation).toBeUndefined();
    // 8 entries × (score + comment) + 6 markers + typology + synthesis
    expect(Object.keys(details)).toHaveLength(8 * 2 + 6 + 1 + 1);
    expect(incomplete.body.message).toMatch(/24 éléments à compléter/);
    expect((await getAvis(avis.id, cress.auth)).body.status).toBe('brouillon');
  });

  it('computes the synthesis, then moves the dossier to instruit when the last required avis is rendered (as the system)', async () => {
    const campaignId = await campaign(['correspondant_ess', 'cress', 'compagnon']);
    const corr = await mk(['correspondant_ess'], ['76']);
    const cress = await mk(['cress'], ['76']);
    const d = await openDossier(campaignId, { region: '76' });
    await declareEligible(d.id);
    const all = await avisOf(d.id);
    const corrAvis = all.find((a) => a.reviewerId === corr.id)!;
    const cressAvis = all.find((a) => a.reviewerId === cress.id)!;
    const compAvis = all.find((a) => a.role === 'compagnon')!;

    // Correspondant: 3 everywhere, markers 2, émergent, favorable → overall 27/9 = 3.
    await render(
      corrAvis,
      fullContent(() => 3, 2, 'emergent', 'favorable'),
    );
    // CRESS: 4 everywhere but gouvernance 1, markers 3, historique, défavorable → overall (8×4 + 1)/9 = 33/9 = 3.67.
    await render(
      cressAvis,
      fullContent((c) => (c === 'gouvernance' ? 1 : 4), 3, 'historique', 'defavorable'),
    );
    expect((await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth)).body.state).toBe('en_instruction');

    const res = await t.http().get(`/api/dossiers/${d.id}/avis-synthesis`).set('Authorization', cabinet.auth);
    expect(res.status).toBe(200);
    const s = res.body;
    expect(s).toMatchObject({ dossierId: d.id, phase: 1, renderedCount: 2, expectedCount: 3 });
    expect(s.reviewers.map((r: { reviewerName: string; role: string; overall: number }) => [r.reviewerName, r.role, r.overall])).toEqual([
      [corr.fullName, 'correspondant_ess', 3],
      [cress.fullName, 'cress', 3.67],
    ]);
    const row = (code: string) => s.matrix.find((m: { entry: string }) => m.entry === code);
    expect(row('gouvernance')).toMatchObject({ scores: [3, 1], mean: 2, spread: 2, divergent: true });
    expect(row('financement')).toMatchObject({ scores: [3, 4], mean: 3.5, spread: 1, divergent: false });
    expect(s.overall.mean).toBe(3.33); // (27 + 33) / 18
    expect(s.markers.every((m: { mean: number; spread: number }) => m.mean === 2.5 && m.spread === 1)).toBe(true);
    expect(s.recommendationCounts).toEqual({ favorable: 1, favorable_reserves: 0, defavorable: 1 });
    expect(s.maturityVotes).toEqual({ emergent: 1, en_developpement: 0, historique: 1 });
    expect(s.divergence).toEqual({ any: true, entries: ['gouvernance'], markers: [], recommendations: true, maturity: true });
    expect(s.pending).toEqual([expect.objectContaining({ avisId: compAvis.id, role: 'compagnon', status: 'a_rediger' })]);
    expect((await t.http().get(`/api/dossiers/${d.id}/avis-synthesis`).set('Authorization', cress.auth)).status).toBe(403);

    const last = await render(
      compAvis,
      fullContent(() => 2, 1, 'emergent', 'favorable_reserves'),
    );
    expect(last.dossier).toMatchObject({ state: 'instruit' });
    const journal = await journalOf(d.id);
    const i = journal.findIndex((j) => j.action === 'marquer_instruit');
    expect(journal[i]).toMatchObject({ actorRole: 'system', actorId: null, from: 'en_instruction', to: 'instruit' });
    expect(journal[i - 1]).toMatchObject({ action: 'avis_rendu', actorId: compAvis.reviewerId });
    const [db] = await t.db.query(`SELECT state FROM dossier WHERE id = $1`, [d.id]);
    expect(db.state).toBe('instruit');
    // The avis columns back the dossier list filters.
    const filtered = (filter: object, auth = instructeur.auth) =>
      t
        .http()
        .get('/api/dossiers')
        .query({ filter: JSON.stringify({ campaignId, ...filter }) })
        .set('Authorization', auth);
    expect((await filtered({ recommendation: 'defavorable' })).body.map((x: { id: string }) => x.id)).toEqual([d.id]);
    expect((await filtered({ maturity: 'en_developpement' })).body).toEqual([]);
    expect((await filtered({ assignedTo: 'me' }, who(compAvis.reviewerId).auth)).body.map((x: { id: string }) => x.id)).toEqual([d.id]);
    // Re-opening an avis of an instruit dossier is refused (see AvisService.reopen).
    const reopen = await t.http().post(`/api/avis/${compAvis.id}/reopen`).set('Authorization', instructeur.auth).send({ reason: 'Relire' });
    expect(reopen.status).toBe(409);
  });

  it('moves to instruit right after declarer_eligible when every required avis is already rendered', async () => {
    const campaignId = await campaign(['cress']);
    await mk(['cress'], ['28']);
    const d = await openDossier(campaignId, { region: '28' });
    const [avis] = await avisOf(d.id);
    await render(
      avis,
      fullContent(() => 3, 3, 'en_developpement', 'favorable'),
    );
    expect((await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth)).body.state).toBe('en_instruction');
    const after = await declareEligible(d.id);
    expect(after.state).toBe('instruit');
  });

  // Issue 9: one request, one version bump — the follow-up move is written with the action that implies it.
  it('declarer_eligible and the instruit it implies are one write: one version, two journal rows in order', async () => {
    const campaignId = await campaign(['cress']);
    await mk(['cress'], ['24']);
    const d = await openDossier(campaignId, { region: '24' });
    const [avis] = await avisOf(d.id);
    await render(avis, fullContent(() => 3, 3, 'en_developpement', 'favorable'));
    const before = (await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth)).body;
    const after = await declareEligible(d.id);
    // eligibility PUT (+1) then the transition (+1, instruit included)
    expect({ state: after.state, version: after.version }).toEqual({ state: 'instruit', version: before.version + 2 });
    const tail = (await journalOf(d.id)).slice(-2);
    expect(tail.map((r) => [r.action, r.actorRole ?? null])).toEqual([
      ['declarer_eligible', 'instructeur'],
      ['marquer_instruit', 'system'],
    ]);
  });

  // Issue 9.2: a campaign that requires no avis used to leave its dossiers stuck before instruit.
  it.each([
    ['no required role', [] as string[], 1],
    ['compagnon required but none per dossier', ['compagnon'], 0],
  ])('a campaign with %s: eligible is enough to be instruit', async (_label, roles, compagnons) => {
    const campaignId = await campaign(roles, compagnons);
    const d = await openDossier(campaignId, { region: '94' });
    expect(await avisOf(d.id)).toEqual([]);
    const after = await declareEligible(d.id);
    expect(after.state).toBe('instruit');
  });

  it('serialises concurrent renders: the last two required avis rendered at once make the dossier instruit once', async () => {
    const campaignId = await campaign(['correspondant_ess', 'cress']);
    await mk(['correspondant_ess'], ['94']);
    await mk(['cress'], ['94']);
    const d = await openDossier(campaignId, { region: '94' });
    await declareEligible(d.id);
    const [a, b] = await avisOf(d.id);
    const results = await Promise.all([
      submit(
        a,
        who(a.reviewerId).auth,
        fullContent(() => 3, 3, 'historique', 'favorable'),
      ),
      submit(
        b,
        who(b.reviewerId).auth,
        fullContent(() => 4, 4, 'historique', 'favorable'),
      ),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const rows = await t.db.query(`SELECT actor_role FROM dossier_journal WHERE dossier_id = $1 AND action = 'marquer_instruit'`, [d.id]);
    expect(rows).toEqual([{ actor_role: 'system' }]);
    const late = await t
      .http()
      .post(`/api/dossiers/${d.id}/assignments`)
      .set('Authorization', instructeur.auth)
      .send({ reviewerId: a.reviewerId, role: a.role });
    expect(late.status).toBe(409); // instruit: no more assignments
    expect(late.body.code).toBe('AVIS_NOT_ALLOWED');
  });

  it('lists avis with the react-admin contract: filters mine, status, overdue, role; sort; Content-Range; 400 on unknown fields', async () => {
    const campaignId = await campaign(['correspondant_ess', 'cress']);
    const corr = await mk(['correspondant_ess'], ['75']);
    const cress = await mk(['cress'], ['75']);
    const d1 = await openDossier(campaignId, { region: '75' });
    const d2 = await openDossier(campaignId, { region: '75' });
    const [a1] = (await avisOf(d1.id)).filter((a) => a.reviewerId === cress.id);
    await t.db.query(`UPDATE avis SET due_at = now() - interval '2 days' WHERE id = $1`, [a1.id]);
    const list = (filter: object, auth = instructeur.auth, sort = ['dueAt', 'ASC'], range = '[0,9]') =>
      t
        .http()
        .get('/api/avis')
        .query({ filter: JSON.stringify({ campaignId, ...filter }), sort: JSON.stringify(sort), range })
        .set('Authorization', auth);

    const all = await list({});
    expect(all.status).toBe(200);
    expect(all.headers['content-range']).toBe('avis 0-3/4');
    expect(all.body[0].id).toBe(a1.id); // the earliest due
    const page = await list({}, instructeur.auth, ['dueAt', 'ASC'], '[1,2]');
    expect(page.headers['content-range']).toBe('avis 1-2/4');
    const overdue = await list({ overdue: true }, cress.auth);
    expect(overdue.body.map((a: Avis) => a.id)).toEqual([a1.id]);
    expect(overdue.body[0].overdue).toBe(true);
    expect((await list({ overdue: false })).body).toHaveLength(3);
    expect((await list({ mine: true }, corr.auth)).body.every((a: Avis) => a.reviewerId === corr.id)).toBe(true);
    expect((await list({ mine: true }, corr.auth)).body).toHaveLength(2);
    expect((await list({ role: 'cress', dossierId: d2.id })).body).toHaveLength(1);
    expect((await list({ status: ['rendu'] })).body).toHaveLength(0);
    expect((await list({ status: 'perdu' })).status).toBe(400);
    expect((await list({ couleur: 'bleu' })).status).toBe(400);
    expect((await list({}, instructeur.auth, ['content', 'ASC'])).status).toBe(400);
    const many = await t
      .http()
      .get('/api/avis')
      .query({ filter: JSON.stringify({ id: [a1.id, 'n-importe'] }) })
      .set('Authorization', instructeur.auth);
    expect(many.body.map((a: Avis) => a.id)).toEqual([a1.id]);

    // Removal of an unstarted assignment with a reason (journaled), then the role is missing from the required ones.
    const unassigned = await t
      .http()
      .post(`/api/avis/${a1.id}/unassign`)
      .set('Authorization', instructeur.auth)
      .send({ reason: 'Réaffectation à un autre relecteur.' });
    expect(unassigned.status).toBe(200);
    expect((await getAvis(a1.id, instructeur.auth)).status).toBe(404);
    expect((await journalOf(d1.id)).find((j) => j.action === 'retirer_avis')).toMatchObject({
      motif: 'Réaffectation à un autre relecteur.',
      data: { reviewerId: cress.id, role: 'cress' },
    });
    expect((await t.http().delete(`/api/avis/${a1.id}`).set('Authorization', cress.auth)).status).toBe(403);
  });

  it('serves the avis grid as data per phase', async () => {
    const reviewer = await mk(['compagnon']);
    const p1 = await t.http().get('/api/avis-grid').query({ phase: 1 }).set('Authorization', reviewer.auth);
    expect(p1.status).toBe(200);
    expect(p1.body.entries.map((e: { code: string }) => e.code)).toEqual([...AVIS_ENTRY_CODES]);
    expect(p1.body.entries[0]).toMatchObject({
      code: 'structure_porteuse',
      label: expect.any(String),
      questions: expect.any(Array),
      examples: expect.any(Array),
    });
    expect(p1.body.maturityMarkers).toHaveLength(6);
    const p2 = await t.http().get('/api/avis-grid').query({ phase: 2 }).set('Authorization', reviewer.auth);
    expect(p2.body.entries.map((e: { code: string }) => e.code)).toContain('montant_demande');
    expect((await t.http().get('/api/avis-grid').query({ phase: 3 }).set('Authorization', reviewer.auth)).status).toBe(400);
    expect((await t.http().get('/api/avis-grid').query({ phase: 'un' }).set('Authorization', reviewer.auth)).status).toBe(400);
    expect((await t.http().get('/api/avis-grid').query({ phase: 1 })).status).toBe(401);
  });
});

// Issue 14 §1: avis left "À rédiger" on a dossier that left the instruction showed a read-only page with no word of why.
describe('avis annulés when the dossier leaves the instruction, restored on a re-opening', () => {
  let t: TestApp;
  let instructeur: Awaited<ReturnType<TestApp['as']>>;
  let cress: Awaited<ReturnType<TestApp['as']>>;
  let correspondant: Awaited<ReturnType<TestApp['as']>>;
  let campaignId: string;

  beforeAll(async () => {
    t = await startTestApp();
    instructeur = await t.as(['instructeur']);
    cress = await t.as(['cress'], ['53'], { fullName: 'Relectrice CRESS Bretagne' });
    correspondant = await t.as(['correspondant_ess'], ['53'], { fullName: 'Correspondant ESS Bretagne' });
    campaignId = await createCampaign(t);
    await t.db.query(`UPDATE campaign SET required_avis_roles = $2, compagnons_per_dossier = 0 WHERE id = $1`, [
      campaignId,
      ['cress', 'correspondant_ess'],
    ]);
  });
  afterAll(() => t?.close());

  const avisOf = async (dossierId: string) =>
    (
      await t
        .http()
        .get('/api/avis')
        .query({ filter: JSON.stringify({ dossierId }), sort: JSON.stringify(['role', 'ASC']) })
        .set('Authorization', instructeur.auth)
    ).body as Avis[];

  it.each([
    ['declarer_ineligible', 'ineligible', /inéligible/],
    ['classer_sans_suite', 'sans_suite', /sans suite/],
  ])('%s: open avis become annule with the reason, leave the to-do list, come back as they were', async (action, state, reason) => {
    const d = await createDossier(t, instructeur.auth, campaignId);
    const opened = await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    expect(opened.status).toBe(200);
    const before = await avisOf(d.id);
    expect(before.map((a) => [a.role, a.status])).toEqual([
      ['correspondant_ess', 'a_rediger'],
      ['cress', 'a_rediger'],
    ]);
    // The CRESS has started a draft: it is kept, and restored as a draft.
    const cressAvis = before.find((a) => a.role === 'cress')!;
    const saved = await t
      .http()
      .put(`/api/avis/${cressAvis.id}`)
      .set('Authorization', cress.auth)
      .send({ content: { synthesis: 'Premières notes.' }, expectedVersion: cressAvis.version });
    expect(saved.status).toBe(200);

    const left = await transition(t, instructeur.auth, d.id, action, opened.body.version, { motif: 'Motif de test.' });
    expect(left.status).toBe(200);
    expect(left.body.state).toBe(state);
    const cancelled = await avisOf(d.id);
    expect(cancelled.map((a) => a.status)).toEqual(['annule', 'annule']);
    for (const a of cancelled) {
      expect(a.cancelledReason).toMatch(reason);
      expect(a.statusLabel).toBe('Annulé');
      expect(a.overdue).toBe(false);
    }
    // Out of the reviewer's to-do list, and no action left on it.
    const todo = await t
      .http()
      .get('/api/avis')
      .query({ filter: JSON.stringify({ mine: true, status: ['a_rediger', 'brouillon'] }) })
      .set('Authorization', cress.auth);
    expect(todo.body.map((a: Avis) => a.dossierId)).not.toContain(d.id);
    const mine = await t.http().get(`/api/avis/${cressAvis.id}`).set('Authorization', cress.auth);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ status: 'annule', actions: [] });
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_event WHERE dossier_id = $1 AND type = 'avis.annule'`, [d.id]);
    expect(n).toBe(2);

    const reopened = await transition(t, instructeur.auth, d.id, 'repasser_en_instruction', left.body.version, {
      motif: 'Pièce retrouvée.',
    });
    expect(reopened.status).toBe(200);
    const back = await avisOf(d.id);
    // The same avis, as they were: no duplicate assignment.
    expect(back.map((a) => [a.id, a.status, a.cancelledReason])).toEqual([
      [before[0].id, 'a_rediger', null],
      [cressAvis.id, 'brouillon', null],
    ]);
    expect((await t.http().get(`/api/avis/${cressAvis.id}`).set('Authorization', cress.auth)).body.synthesis).toBe('Premières notes.');
  });

  it('a decision cancels an optional avis still open; a rendered avis stays rendered', async () => {
    const d = await createDossier(t, instructeur.auth, campaignId);
    await transition(t, instructeur.auth, d.id, 'ouvrir_instruction', d.version);
    // Straight to instruit by the database (the path to instruit is tested above): only the decision's effect matters here.
    await t.db.query(`UPDATE avis SET status = 'rendu', rendered_at = now() WHERE dossier_id = $1 AND role = 'cress'`, [d.id]);
    await t.db.query(`UPDATE dossier SET state = 'instruit', eligibility = 'eligible' WHERE id = $1`, [d.id]);
    const current = (await t.http().get(`/api/dossiers/${d.id}`).set('Authorization', instructeur.auth)).body;
    const cabinet = await t.as(['cabinet']);
    const decided = await transition(t, cabinet.auth, d.id, 'ne_pas_retenir', current.version, { motif: 'Projet peu mûr.' });
    expect(decided.status).toBe(200);
    const after = await avisOf(d.id);
    expect(after.map((a) => [a.role, a.status])).toEqual([
      ['correspondant_ess', 'annule'],
      ['cress', 'rendu'],
    ]);
    expect(after[0].cancelledReason).toMatch(/non retenu/);
    void correspondant;
  });
});

// Issue 14 §1: the SIRET of a user's organisation (used to detect conflicts of interest) is checked like a dossier's.
describe('a user organisation SIRET is checked (Luhn)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it('refuses a wrong check key with a French message, accepts a valid one, on create and update', async () => {
    const admin = await t.as(['admin']);
    const body = (siret: string) => ({
      email: `relecteur.${siret}@test.example.org`,
      fullName: 'Relecteur Expert',
      password: 'Un-mot-de-passe-solide-2021',
      roles: ['expert'],
      organisationSiret: siret,
    });
    const valid = makeSiret('73282932', '0001');
    const wrong = valid.slice(0, 13) + String((Number(valid[13]) + 1) % 10);
    const refused = await t.http().post('/api/users').set('Authorization', admin.auth).send(body(wrong));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { organisationSiret: 'SIRET invalide : la clé de contrôle (Luhn) ne correspond pas.' },
    });
    const created = await t.http().post('/api/users').set('Authorization', admin.auth).send(body(valid));
    expect(created.status).toBe(201);
    expect(created.body.organisationSiret).toBe(valid);
    const spaced = `${valid.slice(0, 3)} ${valid.slice(3, 6)} ${valid.slice(6, 9)} ${valid.slice(9)}`;
    const ok = await t.http().put(`/api/users/${created.body.id}`).set('Authorization', admin.auth).send({ organisationSiret: spaced });
    expect(ok.status).toBe(200);
    const ko = await t.http().put(`/api/users/${created.body.id}`).set('Authorization', admin.auth).send({ organisationSiret: wrong });
    expect(ko.status).toBe(400);
    expect(ko.body.details.organisationSiret).toMatch(/Luhn/);
  });
});
