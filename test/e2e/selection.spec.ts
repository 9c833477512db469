import { createDossier } from '../helpers/fixtures';
import { startTestApp, TestApp } from '../helpers/test-app';
import { arreteePhase1, binary, campaignWith, decide, instruitDossier, Made, outbox, staff, Staff } from './selection-fixtures';

describe('selection: board, bulk decisions, arrêt, re-opening, phase-2 amounts, invitations (real PostgreSQL)', () => {
  let t: TestApp;
  let s: Staff;

  beforeAll(async () => {
    t = await startTestApp();
    s = await staff(t);
  });
  afterAll(async () => t?.close());

  const board = (campaignId: string, phase: number, auth = s.cabinet.auth) =>
    t.http().get(`/api/campaigns/${campaignId}/phases/${phase}/selection`).set('Authorization', auth);
  const arret = (campaignId: string, phase: number, auth = s.cabinet.auth) =>
    t.http().post(`/api/campaigns/${campaignId}/phases/${phase}/arret`).set('Authorization', auth);
  const stateOf = async (id: string) => (await t.db.query(`SELECT state FROM dossier WHERE id = $1`, [id]))[0].state;

  it('ranks the board by the avis; bulk 3 lauréats and the rest non retenus with a motif; arrêt; a later decision is SELECTION_LOCKED', async () => {
    const campaignId = await campaignWith(t);
    // Mean scores 2, 4, 3, 1, 3.5 (two avis, divergent: 4 and 3 → spread 1; 1 and 4 → divergent).
    const d: Made[] = [];
    d.push(await instruitDossier(t, s, campaignId, [{ score: 2, recommendation: 'favorable_reserves' }], { projectName: 'Projet B-2' }));
    d.push(
      await instruitDossier(t, s, campaignId, [{ score: 4, recommendation: 'favorable', level: 'historique' }], {
        projectName: 'Projet A-4',
        region: '84',
      }),
    );
    d.push(
      await instruitDossier(
        t,
        s,
        campaignId,
        [
          { score: 3, recommendation: 'favorable' },
          { score: 3, recommendation: 'favorable' },
        ],
        { projectName: 'Projet C-3' },
      ),
    );
    d.push(
      await instruitDossier(t, s, campaignId, [{ score: 1, recommendation: 'defavorable' }], { projectName: 'Projet D-1', region: '11' }),
    );
    d.push(
      await instruitDossier(
        t,
        s,
        campaignId,
        [
          { score: 4, recommendation: 'favorable', level: 'emergent' },
          { score: 1, recommendation: 'defavorable', level: 'historique' },
        ],
        {
          projectName: 'Projet E-2.5',
        },
      ),
    );
    // A dossier still in instruction is not on the board.
    await createDossier(t, s.instructeur.auth, campaignId, { projectName: 'Pas encore instruit' });

    const b = await board(campaignId, 1);
    expect(b.status).toBe(200);
    expect(b.body.items.map((i: { projectName: string; rank: number }) => [i.rank, i.projectName])).toEqual([
      [1, 'Projet A-4'],
      [2, 'Projet C-3'],
      [3, 'Projet E-2.5'],
      [4, 'Projet B-2'],
      [5, 'Projet D-1'],
    ]);
    const top = b.body.items[0];
    expect(top).toMatchObject({
      id: d[1].id,
      structureName: expect.any(String),
      region: '84',
      state: 'instruit',
      version: d[1].version,
      maturity: 'historique',
      typology: 'territoire',
      meanScore: 4,
      recommendations: { favorable: 1, favorable_avec_reserves: 0, defavorable: 0 },
      divergent: false,
      avisRendered: 1,
      amountRequestedCents: null,
      decision: null,
    });
    const e = b.body.items[2];
    expect(e).toMatchObject({ meanScore: 2.5, divergent: true, maturity: null, recommendations: { favorable: 1, defavorable: 1 } });
    expect(b.body).toMatchObject({
      campaignId,
      phase: 1,
      arreteAt: null,
      publishedAt: null,
      totals: { laureat: 0, non_retenu: 0, undecided: 5 },
      envelopeCents: null, // phase 1: services, no money
      envelopeUsedCents: null,
      envelopeLeftCents: null,
    });
    expect(b.body.undecided.sort()).toEqual(d.map((x) => x.id).sort());
    expect(b.body.byRegion).toEqual(
      expect.arrayContaining([
        { region: '53', dossiers: 3, laureats: 0, amountCents: 0 },
        { region: '84', dossiers: 1, laureats: 0, amountCents: 0 },
        { region: '11', dossiers: 1, laureats: 0, amountCents: 0 },
      ]),
    );

    // Only the cabinet decides; reviewers do not see the board.
    expect((await board(campaignId, 1, s.reviewer.auth)).status).toBe(403);
    expect((await decide(t, s.instructeur.auth, campaignId, 1, [{ dossierId: d[0].id, decision: 'laureat' }])).status).toBe(403);

    // A non retenu without motif: the whole batch is refused, per item index, nothing applied.
    const ranked: string[] = b.body.items.map((i: { id: string }) => i.id);
    const bad = await decide(t, s.cabinet.auth, campaignId, 1, [
      { dossierId: ranked[0], decision: 'laureat' },
      { dossierId: ranked[3], decision: 'non_retenu' },
    ]);
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.details['items.1.motif']).toMatch(/motif/);
    expect(await stateOf(ranked[0])).toBe('instruit');

    // All or nothing also when the engine refuses one item (a stale expectedVersion on the last one).
    const stale = await decide(t, s.cabinet.auth, campaignId, 1, [
      { dossierId: ranked[0], decision: 'laureat' },
      { dossierId: ranked[1], decision: 'laureat', expectedVersion: 999 },
    ]);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { index: 1, dossierId: ranked[1] } });
    expect(await stateOf(ranked[0])).toBe('instruit');

    // The bulk: the top 3 lauréats, the rest non retenus with one shared motif.
    const motif = 'Projet moins mature que les lauréats retenus.';
    const ok = await decide(t, s.cabinet.auth, campaignId, 1, [
      ...ranked.slice(0, 3).map((id) => ({ dossierId: id, decision: 'laureat' })),
      ...ranked.slice(3).map((id) => ({ dossierId: id, decision: 'non_retenu', motif })),
    ]);
    expect(ok.status).toBe(200);
    expect(ok.body.applied).toBe(5);
    expect(ok.body.items.map((i: { id: string; state: string }) => [i.id, i.state])).toEqual([
      ...ranked.slice(0, 3).map((id) => [id, 'laureat']),
      ...ranked.slice(3).map((id) => [id, 'non_retenu']),
    ]);
    expect(ok.body.items[4].decision).toEqual({ outcome: 'non_retenu', motif, amountCents: null });
    const journal = await t.db.query(
      `SELECT dossier_id, action, actor_role, motif FROM dossier_journal WHERE dossier_id = ANY($1::uuid[]) AND action IN ('retenir','ne_pas_retenir')`,
      [ranked],
    );
    expect(journal).toHaveLength(5);
    expect(journal.every((j: { actor_role: string }) => j.actor_role === 'cabinet')).toBe(true);
    expect(await outbox(t, { dossierIds: ranked, type: 'dossier.laureat' })).toHaveLength(3);
    expect(await outbox(t, { dossierIds: ranked, type: 'dossier.non_retenu' })).toHaveLength(2);

    // The same batch again is harmless (nothing changes).
    const again = await decide(t, s.cabinet.auth, campaignId, 1, [{ dossierId: ranked[0], decision: 'laureat' }]);
    expect(again.status).toBe(200);
    expect(again.body.applied).toBe(0);

    // Provisional decisions are the cabinet's: a reviewer of the region sees the dossier, never the decision.
    const asReviewer = await t.http().get(`/api/dossiers/${ranked[3]}`).set('Authorization', s.reviewer.auth);
    expect(asReviewer.status).toBe(200);
    expect(asReviewer.body.decision).toBeNull();
    const listed = await t
      .http()
      .get('/api/dossiers')
      .query({ filter: JSON.stringify({ campaignId }), range: '[0,99]' })
      .set('Authorization', s.reviewer.auth);
    expect(listed.body.length).toBeGreaterThan(0);
    expect(listed.body.every((r: { decision: unknown }) => r.decision === null)).toBe(true);
    // Nor the decided state: a decided dossier shows as instruit, and a state filter cannot probe a decision.
    expect(asReviewer.body.state).toBe('instruit');
    expect(listed.body.every((r: { state: string }) => r.state !== 'laureat' && r.state !== 'non_retenu')).toBe(true);
    for (const state of ['laureat', 'non_retenu']) {
      const probe = await t
        .http()
        .get('/api/dossiers')
        .query({ filter: JSON.stringify({ campaignId, state }) })
        .set('Authorization', s.reviewer.auth);
      expect({ state, status: probe.status, found: probe.body.length }).toEqual({ state, status: 200, found: 0 });
    }
    const asInstruit = await t
      .http()
      .get('/api/dossiers')
      .query({ filter: JSON.stringify({ campaignId, state: 'instruit' }), range: '[0,99]' })
      .set('Authorization', s.reviewer.auth);
    expect(asInstruit.body.map((r: { id: string }) => r.id)).toContain(ranked[3]);
    const reviewerJournal = await t.http().get(`/api/dossiers/${ranked[3]}/journal`).set('Authorization', s.reviewer.auth);
    expect(reviewerJournal.status).toBe(200);
    expect(reviewerJournal.body.map((j: { action: string }) => j.action)).not.toContain('ne_pas_retenir');
    expect(JSON.stringify(reviewerJournal.body)).not.toContain(motif);
    const asInstructeur = await t.http().get(`/api/dossiers/${ranked[3]}`).set('Authorization', s.instructeur.auth);
    expect(asInstructeur.body.decision).toMatchObject({ outcome: 'non_retenu', motif });

    const after = await board(campaignId, 1);
    expect(after.body.totals).toEqual({ laureat: 3, non_retenu: 2, undecided: 0 });
    expect(after.body.undecided).toEqual([]);

    // The arrêt: only the cabinet; dated; the annex; the event for the notifications.
    expect((await arret(campaignId, 1, s.instructeur.auth)).status).toBe(403);
    const a = await arret(campaignId, 1);
    expect(a.status).toBe(200);
    expect(a.body).toEqual({
      campaignId,
      phase: 1,
      arreteAt: expect.any(String),
      documentUrl: `/api/campaigns/${campaignId}/phases/1/laureats.pdf`,
    });
    const events = await outbox(t, { campaignId, type: 'selection.arretee' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ dossier_id: null, payload: { phase: 1 } });
    const campaign = await t.http().get(`/api/campaigns/${campaignId}`).set('Authorization', s.cabinet.auth);
    expect(campaign.body).toMatchObject({
      phase1ArreteAt: a.body.arreteAt,
      phase2ArreteAt: null,
      phase1PublishedAt: null,
      phase2PublishedAt: null,
    });
    expect((await board(campaignId, 1)).body.arreteAt).toBe(a.body.arreteAt);

    const pdf = await t.http().get(a.body.documentUrl).set('Authorization', s.instructeur.auth).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect((pdf.body as Buffer).subarray(0, 4).toString()).toBe('%PDF');

    // Locked: any decision of the phase, even through the single transition, and a second arrêt.
    const locked = await decide(t, s.cabinet.auth, campaignId, 1, [{ dossierId: ranked[3], decision: 'laureat' }]);
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('SELECTION_LOCKED');
    const single = await t
      .http()
      .post(`/api/dossiers/${ranked[3]}/transitions`)
      .set('Authorization', s.cabinet.auth)
      .send({ action: 'retenir', expectedVersion: ok.body.items[3].version });
    expect(single.status).toBe(409);
    expect(single.body.code).toBe('SELECTION_LOCKED');
    const twice = await arret(campaignId, 1);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SELECTION_LOCKED');
  });

  it('refuses the arrêt while an instruit dossier is undecided, listing it; and with no decision at all', async () => {
    const campaignId = await campaignWith(t);
    expect((await arret(campaignId, 1)).body.code).toBe('SELECTION_INCOMPLETE');
    const decided = await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }]);
    const undecided = await instruitDossier(t, s, campaignId, [{ score: 2, recommendation: 'favorable' }], {
      projectName: 'Le dossier oublié',
    });
    expect((await decide(t, s.cabinet.auth, campaignId, 1, [{ dossierId: decided.id, decision: 'laureat' }])).status).toBe(200);
    const res = await arret(campaignId, 1);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SELECTION_INCOMPLETE');
    expect(res.body.details.undecided).toEqual([{ id: undecided.id, projectName: 'Le dossier oublié' }]);
    expect(res.body.message).toContain('Le dossier oublié');
    const [c] = await t.db.query(`SELECT phase1_arrete_at FROM campaign WHERE id = $1`, [campaignId]);
    expect(c.phase1_arrete_at).toBeNull();
    expect(await outbox(t, { campaignId, type: 'selection.arretee' })).toHaveLength(0);
    // Bad input: an unknown phase, a dossier of another campaign.
    expect((await board(campaignId, 3)).status).toBe(400);
    const other = await instruitDossier(t, s, await campaignWith(t), [{ score: 3, recommendation: 'favorable' }]);
    const foreign = await decide(t, s.cabinet.auth, campaignId, 1, [{ dossierId: other.id, decision: 'laureat' }]);
    expect(foreign.status).toBe(400);
    expect(foreign.body.details['items.0.dossierId']).toBeDefined();
    expect((await decide(t, s.cabinet.auth, campaignId, 1, [])).status).toBe(400);
    expect((await decide(t, s.cabinet.auth, campaignId, 1, [{ dossierId: 'x', decision: 'peut-être' }])).status).toBe(400);
  });

  it('re-opens an arrêtée selection by admin with a motif, journaled, then decisions are possible again', async () => {
    const { campaignId, made } = await arreteePhase1(t, s, ['Alpha', 'Beta', 'Gamma'], 2);
    const reopen = (auth: string, body: Record<string, unknown>) =>
      t.http().post(`/api/campaigns/${campaignId}/phases/1/arret/reopen`).set('Authorization', auth).send(body);
    expect((await reopen(s.cabinet.auth, { motif: 'Erreur' })).status).toBe(403);
    const noMotif = await reopen(s.admin.auth, { motif: '  ' });
    expect(noMotif.status).toBe(400);
    expect(noMotif.body.code).toBe('VALIDATION_FAILED');
    const res = await reopen(s.admin.auth, { motif: 'Erreur matérielle sur un dossier.' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ campaignId, phase: 1, arreteAt: null });
    const journal = await t.db.query(
      `SELECT dossier_id, actor_role, motif FROM dossier_journal WHERE action = 'rouvrir_selection' AND dossier_id = ANY($1::uuid[])`,
      [made.map((m) => m.id)],
    );
    expect(journal).toHaveLength(3);
    expect(
      journal.every(
        (j: { motif: string; actor_role: string }) => j.motif === 'Erreur matérielle sur un dossier.' && j.actor_role === 'admin',
      ),
    ).toBe(true);
    const audit = await t.http().get(`/api/campaigns/${campaignId}/selection-journal`).set('Authorization', s.cabinet.auth);
    expect(audit.body.map((r: { action: string }) => r.action)).toEqual(['arreter_selection', 'rouvrir_selection']);
    const events = await outbox(t, { campaignId, type: 'selection.rouverte' });
    expect(events.map((e: { payload: unknown }) => e.payload)).toEqual([{ phase: 1, motif: 'Erreur matérielle sur un dossier.' }]);
    // Not arrêtée any more: a second re-opening is refused, a decision goes through, the arrêt can be taken again.
    expect((await reopen(s.admin.auth, { motif: 'Encore' })).body.code).toBe('SELECTION_NOT_ARRETEE');
    const change = await decide(t, s.cabinet.auth, campaignId, 1, [{ dossierId: made[2].id, decision: 'laureat' }]);
    expect(change.status).toBe(200);
    expect(change.body.applied).toBe(1);
    expect((await arret(campaignId, 1)).status).toBe(200);
    expect((await board(campaignId, 1)).body.totals).toEqual({ laureat: 3, non_retenu: 0, undecided: 0 });
  });

  it('phase 2: amount required, > 0, ≤ requested; the envelope over the whole phase (ENVELOPE_EXCEEDED by how much)', async () => {
    const campaignId = await campaignWith(t, 10_000_000); // 100 000 €
    const parents: Made[] = [];
    for (let i = 0; i < 3; i++) parents.push(await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }]));
    const p2: Made[] = [];
    for (const [i, p] of parents.entries()) {
      p2.push(
        await instruitDossier(t, s, campaignId, [{ score: 3 + (i === 0 ? 1 : 0), recommendation: 'favorable' }], {
          phase: 2,
          parentDossierId: p.id,
          amountRequestedCents: 5_000_000, // 50 000 € each
        }),
      );
    }
    const missing = await decide(t, s.cabinet.auth, campaignId, 2, [
      { dossierId: p2[0].id, decision: 'laureat' },
      { dossierId: p2[1].id, decision: 'laureat', amountCents: 0 },
    ]);
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.body.details).sort()).toEqual(['items.0.amountCents', 'items.1.amountCents']);
    const tooMuch = await decide(t, s.cabinet.auth, campaignId, 2, [{ dossierId: p2[0].id, decision: 'laureat', amountCents: 5_000_001 }]);
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.details['items.0.amountCents']).toMatch(/montant demandé/);

    // 40 000 + 40 000 + 30 000 = 110 000 € > 100 000 €: refused by 10 000 €, nothing applied.
    const over = await decide(t, s.cabinet.auth, campaignId, 2, [
      { dossierId: p2[0].id, decision: 'laureat', amountCents: 4_000_000 },
      { dossierId: p2[1].id, decision: 'laureat', amountCents: 4_000_000 },
      { dossierId: p2[2].id, decision: 'laureat', amountCents: 3_000_000 },
    ]);
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('ENVELOPE_EXCEEDED');
    expect(over.body.details.exceededByCents).toBe(1_000_000);
    expect(over.body.message).toContain('10000,00 €');
    expect(await stateOf(p2[0].id)).toBe('instruit');

    const fits = await decide(t, s.cabinet.auth, campaignId, 2, [
      { dossierId: p2[0].id, decision: 'laureat', amountCents: 4_000_000 },
      { dossierId: p2[1].id, decision: 'laureat', amountCents: 4_000_000 },
    ]);
    expect(fits.status).toBe(200);
    // The envelope counts what is already decided: 20 000 € left, 30 000 € is 10 000 € too much.
    const third = await decide(t, s.cabinet.auth, campaignId, 2, [{ dossierId: p2[2].id, decision: 'laureat', amountCents: 3_000_000 }]);
    expect(third.body).toMatchObject({ code: 'ENVELOPE_EXCEEDED', details: { exceededByCents: 1_000_000 } });
    // Lowering a lauréat's amount in the same batch makes room (journaled as an amount change).
    const rebalanced = await decide(t, s.cabinet.auth, campaignId, 2, [
      { dossierId: p2[1].id, decision: 'laureat', amountCents: 3_000_000 },
      { dossierId: p2[2].id, decision: 'laureat', amountCents: 3_000_000 },
    ]);
    expect(rebalanced.status).toBe(200);
    expect(rebalanced.body.applied).toBe(2);
    const [change] = await t.db.query(`SELECT data FROM dossier_journal WHERE dossier_id = $1 AND action = 'modifier_montant'`, [p2[1].id]);
    expect(change.data).toEqual({ amountCents: 3_000_000, previousAmountCents: 4_000_000 });

    const b = await board(campaignId, 2);
    expect(b.body).toMatchObject({ envelopeCents: 10_000_000, envelopeUsedCents: 10_000_000, envelopeLeftCents: 0 });
    expect(b.body.items[0]).toMatchObject({
      id: p2[0].id,
      amountRequestedCents: 5_000_000,
      decision: { outcome: 'laureat', amountCents: 4_000_000 },
    });
    expect(b.body.byRegion).toEqual([{ region: '53', dossiers: 3, laureats: 3, amountCents: 10_000_000 }]);
    // Phase 1 is a separate selection.
    expect((await board(campaignId, 1)).body.items).toHaveLength(3);
  });

  it('applies the same phase-2 rules to the single `retenir` transition (amount, requested, envelope)', async () => {
    const campaignId = await campaignWith(t, 5_000_000);
    const parent = await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }]);
    const p2 = await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }], {
      phase: 2,
      parentDossierId: parent.id,
      amountRequestedCents: 6_000_000,
    });
    const retenir = (data?: Record<string, unknown>) =>
      t
        .http()
        .post(`/api/dossiers/${p2.id}/transitions`)
        .set('Authorization', s.cabinet.auth)
        .send({ action: 'retenir', expectedVersion: p2.version, ...(data ? { data } : {}) });
    const none = await retenir();
    expect(none.status).toBe(400);
    expect(none.body.details['data.amountCents']).toMatch(/obligatoire/);
    expect((await retenir({ amountCents: 7_000_000 })).body.details['data.amountCents']).toMatch(/montant demandé/);
    const over = await retenir({ amountCents: 5_500_000 });
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({ code: 'ENVELOPE_EXCEEDED', details: { exceededByCents: 500_000 } });
    expect(await stateOf(p2.id)).toBe('instruit');
    const ok = await retenir({ amountCents: 5_000_000 });
    expect(ok.status).toBe(200);
    expect(ok.body.decision).toEqual({ outcome: 'laureat', motif: null, amountCents: 5_000_000 });
    // Phase 1 attributes no amount.
    const p1 = await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }]);
    const withAmount = await t
      .http()
      .post(`/api/dossiers/${p1.id}/transitions`)
      .set('Authorization', s.cabinet.auth)
      .send({ action: 'retenir', expectedVersion: p1.version, data: { amountCents: 100 } });
    expect(withAmount.status).toBe(400);
  });

  it('serialises concurrent batches on the campaign: two that fit alone but not together, one is ENVELOPE_EXCEEDED', async () => {
    const campaignId = await campaignWith(t, 6_000_000);
    const p2: Made[] = [];
    for (let i = 0; i < 2; i++) {
      const parent = await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }]);
      p2.push(
        await instruitDossier(t, s, campaignId, [{ score: 3, recommendation: 'favorable' }], {
          phase: 2,
          parentDossierId: parent.id,
          amountRequestedCents: 4_000_000,
        }),
      );
    }
    const results = await Promise.all(
      p2.map((d) => decide(t, s.cabinet.auth, campaignId, 2, [{ dossierId: d.id, decision: 'laureat', amountCents: 4_000_000 }])),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body).toMatchObject({
      code: 'ENVELOPE_EXCEEDED',
      details: { exceededByCents: 2_000_000 },
    });
    const [{ total }] = await t.db.query(
      `SELECT COALESCE(SUM(decision_amount_cents),0)::int AS total FROM dossier WHERE campaign_id = $1 AND phase = 2 AND state = 'laureat'`,
      [campaignId],
    );
    expect(total).toBe(4_000_000);
  });

  it('invites phase-1 lauréats to phase 2: others refused by name, journal and outbox, idempotent', async () => {
    const { campaignId, made } = await arreteePhase1(t, s, ['Lauréat Un', 'Lauréat Deux', 'Non Retenu Trois'], 2);
    const invite = (auth: string, dossierIds: string[]) =>
      t.http().post(`/api/campaigns/${campaignId}/phase2-invitations`).set('Authorization', auth).send({ dossierIds });
    expect((await invite(s.cabinet.auth, [made[0].id])).status).toBe(403);
    const refused = await invite(s.instructeur.auth, [made[0].id, made[2].id]);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(refused.body.message).toContain('Non Retenu Trois');
    expect(refused.body.details).toEqual({ 'dossierIds.1': expect.stringContaining('Non Retenu Trois') });
    const [none] = await t.db.query(`SELECT count(*)::int AS n FROM dossier WHERE campaign_id = $1 AND invited_to_phase2_at IS NOT NULL`, [
      campaignId,
    ]);
    expect(none.n).toBe(0);

    const ok = await invite(s.instructeur.auth, [made[0].id, made[1].id]);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ invited: 2, dossierIds: [made[0].id, made[1].id] });
    const dossier = await t.http().get(`/api/dossiers/${made[0].id}`).set('Authorization', s.instructeur.auth);
    expect(dossier.body.invitedToPhase2At).toEqual(expect.any(String));
    expect(await outbox(t, { dossierIds: [made[0].id, made[1].id], type: 'dossier.invite_phase2' })).toHaveLength(2);
    const [j] = await t.db.query(`SELECT count(*)::int AS n FROM dossier_journal WHERE action = 'inviter_phase2' AND dossier_id = $1`, [
      made[0].id,
    ]);
    expect(j.n).toBe(1);

    const again = await invite(s.admin.auth, [made[0].id, made[1].id]);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ invited: 0, dossierIds: [] });
    expect(await outbox(t, { dossierIds: [made[0].id, made[1].id], type: 'dossier.invite_phase2' })).toHaveLength(2);
  });
});
