import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AVIS_ENTRY_CODES, MATURITY_MARKER_CODES, type Role } from '@ptce/domain';
import { AvisService } from '@ptce/server/avis/avis.service';
import type { AuthUser } from '@ptce/server/common/auth.decorators';
import { EligibilityService } from '@ptce/server/eligibility/eligibility.service';
import { SelectionService } from '@ptce/server/selection/selection.service';
import { WorkflowService } from '@ptce/server/workflow/workflow.service';

/**
 * The demo campaign shows every stage of the instruction at once (issue 15), so that a newcomer sees the whole
 * workflow at `npm start`: some dossiers still in eligibility, some eligible with avis in progress, most instruit,
 * a few decided by the cabinet (provisionally: the selection is not arrêtée), and the public bodies declared
 * ineligible. Every step goes through the product's own services (journal, outbox, version), as the staff would.
 * Deterministic: the bucket of a dossier comes from its rank by DS number.
 */
export interface DemoStagesReport {
  eligibilityPending: number;
  ineligible: number;
  avisInProgress: number;
  instruit: number;
  decided: number;
}

interface UserRow {
  id: string;
  email: string;
  full_name: string;
  roles: Role[];
  regions: string[];
  organisation_siret: string | null;
}
const asUser = (u: UserRow): AuthUser => ({
  id: u.id,
  email: u.email,
  fullName: u.full_name,
  roles: u.roles,
  regions: u.regions,
  organisationSiret: u.organisation_siret,
});

const COMMENTS: Record<number, string> = {
  1: 'Point encore peu documenté dans le dossier ; à retravailler avec les partenaires.',
  2: 'Éléments présents mais à conforter : la démarche reste à préciser.',
  3: 'Éléments solides et cohérents avec le diagnostic du territoire.',
  4: 'Point très abouti, appuyé sur des réalisations concrètes.',
};
const SYNTHESES: Record<string, string> = {
  favorable:
    'Dynamique émergente bien ancrée sur son territoire, associant structures de l’ESS et entreprises ; le plan d’actions est réaliste et la gouvernance ouverte.',
  favorable_reserves:
    'Dynamique intéressante et pertinente pour le territoire ; le modèle économique et l’implication des entreprises restent à consolider avant la phase 2.',
  defavorable:
    'Le projet relève davantage d’une structure isolée que d’une coopération territoriale : partenariat peu formalisé et plan de financement fragile.',
};

/** A complete avis whose tone follows `level` (1 to 4), deterministic per dossier and reviewer. */
function avisContent(level: number, salt: number) {
  const score = (i: number) => Math.max(1, Math.min(4, level + (((salt + i) % 3) - 1) * ((i + salt) % 2)));
  const recommendation = level >= 3 ? 'favorable' : level === 2 ? 'favorable_reserves' : 'defavorable';
  const maturity = salt % 11 === 0 ? 'historique' : salt % 3 === 0 ? 'en_developpement' : 'emergent';
  return {
    scores: Object.fromEntries(
      AVIS_ENTRY_CODES.map((c, i) => [
        c,
        { score: score(i), comment: COMMENTS[score(i)], ...(i === 5 && level < 4 ? { horizon: 'prevu' } : {}) },
      ]),
    ),
    maturity: { level: maturity, markers: Object.fromEntries(MATURITY_MARKER_CODES.map((m, i) => [m, score(i + 2)])) },
    typology: {
      type: salt % 4 === 0 ? 'filiere' : 'territoire',
      actionLogics: salt % 2 === 0 ? ['mise_en_reseau', 'ingenierie_developpement'] : ['mise_en_reseau', 'accompagnement_incubation'],
    },
    recommendation,
    synthesis: SYNTHESES[recommendation],
  };
}

export async function advanceDemoStages(ctx: INestApplicationContext, campaignId: string): Promise<DemoStagesReport> {
  const db = ctx.get(DataSource);
  const eligibility = ctx.get(EligibilityService);
  const workflow = ctx.get(WorkflowService);
  const avis = ctx.get(AvisService);
  const selection = ctx.get(SelectionService);
  const users: UserRow[] = await db.query(`SELECT id, email, full_name, roles, regions, organisation_siret FROM app_user`);
  const instructeur = users.find((u) => u.email === 'instructeur@demo.example.org');
  const cabinet = users.find((u) => u.email === 'cabinet@demo.example.org');
  const report: DemoStagesReport = { eligibilityPending: 0, ineligible: 0, avisInProgress: 0, instruit: 0, decided: 0 };
  if (!instructeur || !cabinet) return report;
  const byId = new Map(users.map((u) => [u.id, u]));

  const dossiers: { id: string; ds_number: number; structure_legal_category: string }[] = await db.query(
    `SELECT id, ds_number, structure_legal_category FROM dossier WHERE campaign_id = $1 AND phase = 1 AND state = 'en_instruction' ORDER BY ds_number`,
    [campaignId],
  );
  const instruitIds: { id: string; level: number }[] = [];
  for (const [rank, d] of dossiers.entries()) {
    const bucket = rank % 10;
    // 1 in 10 stays in eligibility (nothing decided yet), unless its legal form makes it plainly ineligible.
    const check = await eligibility.get(asUser(instructeur), d.id);
    const legal = check.items.find((i) => i.code === 'forme_juridique');
    const ineligible = legal?.auto === 'ko';
    if (bucket === 0 && !ineligible) {
      report.eligibilityPending++;
      continue;
    }
    const decisions: Record<string, { status: 'ok' | 'ko'; reason?: string }> = {};
    for (const item of check.items) {
      if (item.auto === 'ok') decisions[item.code] = { status: 'ok' };
      else if (item.auto === 'ko' && item.code === 'forme_juridique') decisions[item.code] = { status: 'ko' };
      else decisions[item.code] = { status: 'ok', reason: 'Vérifié à la lecture du dossier et des statuts.' };
    }
    const put = await eligibility.update(asUser(instructeur), d.id, { decisions, expectedVersion: check.version }, null);
    if (ineligible) {
      await workflow.transition(
        asUser(instructeur),
        d.id,
        { action: 'declarer_ineligible', motif: put.proposedMotif ?? 'Forme juridique non éligible.', expectedVersion: put.version },
        null,
      );
      report.ineligible++;
      continue;
    }
    await workflow.transition(asUser(instructeur), d.id, { action: 'declarer_eligible', expectedVersion: put.version }, null);

    // The avis assigned to the dossier: 2 in 10 have only part of them rendered, the others all (→ instruit).
    const open: { id: string; reviewer_id: string; version: number }[] = await db.query(
      `SELECT id, reviewer_id, version FROM avis WHERE dossier_id = $1 AND status IN ('a_rediger', 'brouillon') ORDER BY role`,
      [d.id],
    );
    const level = 1 + ((d.ds_number * 7) % 4);
    const inProgress = bucket === 1 || bucket === 2;
    for (const [i, a] of open.entries()) {
      const reviewer = byId.get(a.reviewer_id);
      if (!reviewer) continue;
      const content = avisContent(level, d.ds_number + i);
      if (inProgress && i > 0) {
        if (i === 1)
          await avis.saveDraft(asUser(reviewer), a.id, {
            content: { scores: { structure_porteuse: content.scores.structure_porteuse } },
            expectedVersion: a.version,
          });
        continue;
      }
      await avis.submit(asUser(reviewer), a.id, { content, expectedVersion: a.version }, null);
    }
    const [{ state }] = await db.query(`SELECT state FROM dossier WHERE id = $1`, [d.id]);
    if (state === 'instruit') {
      report.instruit++;
      instruitIds.push({ id: d.id, level });
    } else report.avisInProgress++;
  }

  // A few decisions by the cabinet, provisional (no arrêt): the best as lauréats, the weakest not retained.
  const best = instruitIds.filter((x) => x.level >= 3).slice(0, 8);
  const weakest = instruitIds.filter((x) => x.level === 1).slice(0, 4);
  const items = [
    ...best.map((x) => ({ dossierId: x.id, decision: 'laureat' as const })),
    ...weakest.map((x) => ({
      dossierId: x.id,
      decision: 'non_retenu' as const,
      motif: 'Dynamique encore peu structurée ; le partenariat avec les entreprises du territoire reste à construire.',
    })),
  ];
  if (items.length) {
    await selection.decide(asUser(cabinet), campaignId, 1, { items }, null);
    report.decided = items.length;
    report.instruit -= items.length;
  }
  return report;
}
