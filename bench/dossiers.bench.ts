// `npm run bench`: the dossier list and a transition at 50,000 dossiers, on the real API, PostgreSQL and Redis.
// Prints latencies (p50 / p95 / max) and the query plans' index use; asserts nothing (speed is measured, not tested).
import 'reflect-metadata';
import { Client } from 'pg';
import { performance } from 'node:perf_hooks';
import { createApp } from '../apps/api/src/app.factory';
import { hashPassword } from '../apps/api/src/auth/password';
import { loadConfig } from '../apps/api/src/config/app-config';
import { CALENDAR_2021, REGION_CODES } from '@ptce/domain';
import { runMigrations } from '../migrations/data-source';

const N = Number(process.env.BENCH_DOSSIERS || 50000);
const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/ptce');
const dbName = 'ptce_bench';

function urlFor(name: string): string {
  const u = new URL(base.toString());
  u.pathname = `/${name}`;
  return u.toString();
}

async function main(): Promise<void> {
  const admin = new Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  await runMigrations(urlFor(dbName));

  const db = new Client({ connectionString: urlFor(dbName) });
  await db.connect();
  const t0 = performance.now();
  const hash = await hashPassword('bench-password');
  await db.query(
    `INSERT INTO app_user (email, full_name, password_hash, roles) VALUES ('bench@example.org','Bench','${hash}','{instructeur}')`,
  );
  await db.query(
    `INSERT INTO app_user (email, full_name, password_hash, roles, regions) VALUES ('cress53@example.org','CRESS 53','${hash}','{cress}','{53}')`,
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
  const regions = `ARRAY[${REGION_CODES.map((r) => `'${r}'`).join(',')}]`;
  await db.query(
    `INSERT INTO dossier (campaign_id, phase, ds_number, project_name, region, structure_name, structure_siret, structure_legal_form_code, structure_legal_category, sections, deposited_at, late_deposit, state, eligibility, source)
     SELECT $1, 1, g, 'Pôle territorial ' || md5(g::text), (${regions})[1 + g % 18], 'Structure ' || g, lpad(g::text, 14, '0'), '9220', 'association',
            jsonb_build_object('gouvernance', repeat('Assemblée générale et collèges. ', 20), 'objectifs', repeat('Coopérer sur le territoire. ', 30)),
            timestamp '2021-05-12' + (g % 43) * interval '1 day', g % 50 = 0,
            (ARRAY['depose','en_instruction','en_instruction','instruit','laureat','non_retenu','ineligible'])[1 + g % 7], 'a_verifier', 'ds'
       FROM generate_series(1, $2) g`,
    [campaignId, N],
  );
  await db.query(
    `INSERT INTO dossier_journal (dossier_id, actor_role, action, to_state) SELECT id, 'system', 'importer', state FROM dossier`,
  );
  await db.query('ANALYZE');
  console.log(`Jeu de données : ${N} dossiers en ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: urlFor(dbName),
    PORT: '0',
    MAIL_SINK_PORT: '0',
    LOG_LEVEL: 'silent',
    REDIS_PREFIX: 'ptce-bench',
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as import('node:net').AddressInfo).port}`;
  const login = async (email: string) =>
    (
      await (
        await fetch(`${url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'bench-password' }),
        })
      ).json()
    ).accessToken;
  const token = await login('bench@example.org');
  const cressToken = await login('cress53@example.org');

  async function measure(label: string, path: string, tok = token, runs = 30): Promise<void> {
    const times: number[] = [];
    let total = '';
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      const r = await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${tok}` } });
      await r.arrayBuffer();
      times.push(performance.now() - s);
      total = r.headers.get('content-range') ?? String(r.status);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
    console.log(
      `${label.padEnd(48)} p50 ${p(0.5).padStart(7)} ms  p95 ${p(0.95).padStart(7)} ms  max ${times[times.length - 1].toFixed(1).padStart(7)} ms  (${total})`,
    );
  }
  const q = (o: Record<string, unknown>) =>
    '/api/dossiers?' + new URLSearchParams(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, JSON.stringify(v)]))).toString();
  console.log('\nGET /api/dossiers (25 par page)');
  await measure('défaut (dépôt décroissant)', q({ range: [0, 24] }));
  await measure('campagne + phase + état', q({ range: [0, 24], filter: { campaignId, phase: 1, state: 'en_instruction' } }));
  await measure('région + tri par nom de projet', q({ range: [0, 24], filter: { region: '53' }, sort: ['projectName', 'ASC'] }));
  await measure('recherche plein texte « territorial 7f »', q({ range: [0, 24], filter: { q: 'territorial 7f' } }));
  await measure('hors délai', q({ range: [0, 24], filter: { lateDeposit: true } }));
  await measure('page profonde (offset 40 000)', q({ range: [40000, 40024], sort: ['projectName', 'ASC'] }));
  await measure('CRESS 53 (périmètre régional)', q({ range: [0, 24] }), cressToken);
  const [{ id: one }] = (await db.query(`SELECT id FROM dossier WHERE state = 'depose' LIMIT 1`)).rows;
  await measure('GET /api/dossiers/:id', `/api/dossiers/${one}`);
  await measure('GET /api/dossiers/:id/journal', `/api/dossiers/${one}/journal`);

  // Transitions: constant work per call whatever the number of dossiers.
  const ids = (await db.query(`SELECT id FROM dossier WHERE state = 'depose' LIMIT 50`)).rows.map((r: { id: string }) => r.id);
  const times: number[] = [];
  for (const id of ids) {
    const s = performance.now();
    const r = await fetch(`${url}/api/dossiers/${id}/transitions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'ouvrir_instruction', expectedVersion: 1 }),
    });
    await r.arrayBuffer();
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${'POST transitions ouvrir_instruction (50)'.padEnd(48)} p50 ${times[25].toFixed(1).padStart(7)} ms  p95 ${times[47].toFixed(1).padStart(7)} ms`,
  );

  console.log('\nPlans (index utilisés)');
  for (const [label, sql] of [
    ['filtre région + état', `SELECT id FROM dossier WHERE region = '53' AND state = 'en_instruction' ORDER BY deposited_at DESC LIMIT 25`],
    [
      'recherche trigramme',
      `SELECT id FROM dossier WHERE ptce_unaccent(lower(project_name || ' ' || structure_name)) LIKE ptce_unaccent('%territorial 7f%') LIMIT 25`,
    ],
  ]) {
    const plan = (await db.query(`EXPLAIN ${sql}`)).rows.map((r: Record<string, string>) => r['QUERY PLAN']).join(' | ');
    console.log(
      `${label}: ${
        plan
          .match(/Index[^|]*|Bitmap[^|]*|Seq Scan[^|]*/g)
          ?.slice(0, 2)
          .join(' ; ') ?? plan
      }`,
    );
  }
  await app.close();
  await db.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
