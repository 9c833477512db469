// What the side-by-side bench and the list profiler share: the bench database's URL, an admin connection, a free port,
// a login, and the data set.
import { AddressInfo, createServer } from 'node:net';
import { Client, Pool } from 'pg';
import { CALENDAR_2021, REGION_CODES } from '@ptce/domain';
import { hashPassword } from '@ptce/server/auth/password';

export const BENCH_PASSWORD = 'bench-password-123!';
const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce');

/** A database of the PostgreSQL server DATABASE_URL names; `dbNameFor(suffix)` a bench database's name. */
export function urlFor(name: string): string {
  const u = new URL(base.toString());
  u.pathname = `/${name}`;
  return u.toString();
}

export const dbNameFor = (suffix: string) => `${(base.pathname.slice(1) || 'ptce').replace(/[^a-z0-9_]/gi, '_')}_${suffix}`;

export async function withAdmin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: urlFor('postgres') });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export const freePort = () =>
  new Promise<number>((r) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => r(p));
    });
  });

export async function login(url: string, email: string): Promise<string> {
  const r = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`connexion refusée (${r.status}) pour ${email}`);
  return (await r.json()).accessToken;
}

export interface DataSet {
  campaignId: string;
  someIds: string[];
  deposeIds: string[];
}

/**
 * The bench's data set: `dossiers` dossiers with sections of ~`sectionKb` KB (states spread, two attachments, a journal
 * row, avis), reviewers in every region, 20 compagnons; `extraDepose` more dossiers kept in `depose` for transitions.
 * Users: instructeur@ / cabinet@ / <role>.<region>.<k>@ / compagnon.<k>@bench.example.org, password BENCH_PASSWORD.
 */
export async function seedDataSet(
  db: Pool,
  { dossiers: N, extraDepose: transitionsNeeded, sectionKb: SECTION_KB }: { dossiers: number; extraDepose: number; sectionKb: number },
): Promise<DataSet> {
  const hash = await hashPassword(BENCH_PASSWORD);
  await db.query(
    `INSERT INTO app_user (email, full_name, password_hash, roles) VALUES
       ('instructeur@bench.example.org','Instructeur Bench',$1,'{instructeur}'),
       ('cabinet@bench.example.org','Cabinet Bench',$1,'{cabinet}')`,
    [hash],
  );
  // Reviewers in every region (CRESS, correspondant ESS, expert: 3 each), national compagnons (20).
  await db.query(
    `INSERT INTO app_user (email, full_name, password_hash, roles, regions)
     SELECT role || '.' || r || '.' || k || '@bench.example.org', initcap(role) || ' ' || r || ' ' || k, $1, ARRAY[role], ARRAY[r]
       FROM unnest($2::text[]) r, unnest(ARRAY['cress','correspondant_ess','expert']) role, generate_series(1, 3) k`,
    [hash, REGION_CODES],
  );
  await db.query(
    `INSERT INTO app_user (email, full_name, password_hash, roles)
     SELECT 'compagnon.' || k || '@bench.example.org', 'Compagnon ' || k, $1, '{compagnon}' FROM generate_series(1, 20) k`,
    [hash],
  );
  const [{ id: campaignId }] = (
    await db.query(
      `INSERT INTO campaign (name, published_at, phase1_deposit_deadline, phase1_announcement_at, phase2_invitation_at, phase2_deposit_deadline)
       VALUES ('Bench', $1, $2, $3, $4, $5) RETURNING id`,
      [
        CALENDAR_2021.publishedAt,
        CALENDAR_2021.phase1DepositDeadline,
        CALENDAR_2021.phase1AnnouncementAt,
        CALENDAR_2021.phase2InvitationAt,
        CALENDAR_2021.phase2DepositDeadline,
      ],
    )
  ).rows;
  const piece = Math.max(1, Math.round((SECTION_KB * 1024) / 6 / 40));
  const total = N + transitionsNeeded;
  // Rows past N are kept in `depose` for the transitions (each call needs a fresh one, on both sides).
  await db.query(
    `INSERT INTO dossier (campaign_id, phase, ds_number, project_name, region, structure_name, structure_siret, structure_legal_form_code,
                          structure_legal_category, referent_name, referent_email, sections, deposited_at, late_deposit, state, eligibility, source)
     SELECT $1, 1, g, 'Pôle territorial ' || md5(g::text), ($4::text[])[1 + g % cardinality($4::text[])], 'Structure ' || g, lpad(g::text, 14, '0'),
            '9220', 'association', 'Référent ' || g, 'referent' || g || '@example.org',
            jsonb_build_object(
              'gouvernance', repeat('Assemblée générale, collèges et comité de pilotage ' || g || '. ', $3),
              'objectifs', repeat('Coopérer sur le territoire pour l’emploi local ' || g || '. ', $3),
              'activites', repeat('Mutualisation, achats groupés, formation ' || g || '. ', $3),
              'partenaires', repeat('Collectivités, entreprises, associations ' || g || '. ', $3),
              'territoire', repeat('Bassin de vie rural et périurbain ' || g || '. ', $3),
              'modele_economique', repeat('Subventions, prestations, cotisations ' || g || '. ', $3)),
            timestamp '2021-05-12' + (g % 43) * interval '1 day' + (g % 1440) * interval '1 minute', g % 50 = 0,
            CASE WHEN g > $5 THEN 'depose'
                 ELSE (ARRAY['depose','en_instruction','en_instruction','instruit','laureat','non_retenu','ineligible'])[1 + g % 7] END,
            'a_verifier', 'ds'
       FROM generate_series(1, $2) g`,
    [campaignId, total, piece, REGION_CODES, N],
  );
  await db.query(
    `INSERT INTO dossier_attachment (dossier_id, kind, filename, content_type, byte_size, storage_key)
     SELECT id, k, k || '.pdf', 'application/pdf', 250000, NULL FROM dossier, unnest(ARRAY['statuts','budget']) k`,
  );
  await db.query(
    `INSERT INTO dossier_journal (dossier_id, actor_role, action, to_state) SELECT id, 'system', 'importer', state FROM dossier`,
  );
  // Two avis per dossier in instruction or past it (the region's CRESS and a compagnon), half rendered.
  await db.query(
    `INSERT INTO avis (dossier_id, reviewer_id, role, status, due_at, recommendation, rendered_at)
     SELECT d.id, u.id, 'cress', CASE WHEN d.state = 'en_instruction' THEN 'a_rediger' ELSE 'rendu' END, now() + interval '15 days',
            CASE WHEN d.state = 'en_instruction' THEN NULL ELSE 'favorable' END, CASE WHEN d.state = 'en_instruction' THEN NULL ELSE now() END
       FROM dossier d JOIN LATERAL (SELECT id FROM app_user WHERE 'cress' = ANY(roles) AND d.region = ANY(regions) LIMIT 1) u ON true
      WHERE d.state IN ('en_instruction','instruit','laureat','non_retenu')`,
  );
  await db.query(
    `INSERT INTO avis (dossier_id, reviewer_id, role, status, due_at)
     SELECT d.id, (SELECT id FROM app_user WHERE 'compagnon' = ANY(roles) ORDER BY email OFFSET (abs(hashtext(d.id::text)) % 20) LIMIT 1),
            'compagnon', 'a_rediger', now() + interval '15 days'
       FROM dossier d WHERE d.state = 'en_instruction'`,
  );
  await db.query('VACUUM ANALYZE');
  const someIds = (await db.query(`SELECT id FROM dossier WHERE ds_number <= $1 ORDER BY md5(id::text) LIMIT 500`, [N])).rows.map(
    (r) => r.id,
  );
  const deposeIds = (await db.query(`SELECT id FROM dossier WHERE ds_number > $1 ORDER BY ds_number`, [N])).rows.map((r) => r.id);
  return { campaignId, someIds, deposeIds };
}
