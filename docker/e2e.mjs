// The product on several processes, end to end, with Docker (docker/compose.yml: 2 API replicas, 2 workers, a proxy,
// PostgreSQL, Redis, MinIO, a DS stand-in): an import started on replica 1 and followed on replica 2, a decision on
// replica 2, the imported statuts file downloaded through replica 1, replica 2 and the proxy — the same bytes.
//   node docker/e2e.mjs            (KEEP=1 leaves the stack running)
// Without Docker (as on the project's CI machines) it says so and exits 0: it is not part of `npm test` there.
/* global process, console, fetch, setTimeout, Buffer */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PROJECT = 'ptce-e2e';
const compose = (...args) =>
  spawnSync('docker', ['compose', '-f', 'docker/compose.yml', '-p', PROJECT, ...args], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });

const probe = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' });
if (probe.error || probe.status !== 0) {
  console.log('[e2e docker] Docker (avec « docker compose ») est absent sur cette machine : scénario multi-instances ignoré.');
  process.exit(0);
}

const fail = (msg) => {
  console.error(`[e2e docker] ÉCHEC : ${msg}`);
  if (!process.env.KEEP) compose('down', '-v');
  process.exit(1);
};
const step = (msg) => console.log(`[e2e docker] ${msg}`);

async function until(fn, what, seconds = 300) {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const v = await fn().catch(() => null);
    if (v) return v;
    if (Date.now() > end) fail(`${what} : pas de réponse en ${seconds} s`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

step('Construction et démarrage (2 API, 2 workers, proxy, PostgreSQL, Redis, MinIO, DS stand-in)…');
const up = compose('up', '-d', '--build');
if (up.status !== 0) fail(`docker compose up : ${up.stderr}`);
const PROXY = 'http://localhost:3000';
const API1 = 'http://localhost:3001';
const API2 = 'http://localhost:3002';
for (const u of [API1, API2, PROXY]) await until(() => fetch(`${u}/api/health`).then((r) => r.ok), `santé de ${u}`);

step('Compte instructeur…');
const email = 'e2e.instructeur@example.org';
const password = 'Un-mot-de-passe-e2e-2026!';
const hash = compose('exec', '-T', 'api1', 'node', '-e', `require('argon2').hash(${JSON.stringify(password)}).then((h) => process.stdout.write(h))`);
if (hash.status !== 0) fail(`hachage : ${hash.stderr}`);
const sql = (q) => {
  const r = compose('exec', '-T', 'postgres', 'psql', '-U', 'postgres', '-d', 'ptce', '-tA', '-c', q);
  if (r.status !== 0) fail(`psql : ${r.stderr}`);
  return r.stdout.trim();
};
sql(
  `INSERT INTO app_user (email, full_name, password_hash, roles) VALUES ('${email}', 'Instructeur e2e', '${hash.stdout.trim()}', '{admin,instructeur}') ON CONFLICT DO NOTHING`,
);
const campaignId = sql(
  `INSERT INTO campaign (name, published_at, phase1_deposit_deadline, phase1_announcement_at, phase2_invitation_at, phase2_deposit_deadline, ds_demarche_phase1)
   VALUES ('e2e ${Date.now()}', '2021-04-01', '2021-06-23 21:59:59+00', '2021-09-15', '2021-09-20', '2021-11-30', 45021) RETURNING id`,
).split('\n')[0];

const login = async (base) => {
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!r.ok) fail(`connexion sur ${base} : ${r.status}`);
  return `Bearer ${(await r.json()).accessToken}`;
};
const auth1 = await login(API1);
const auth2 = await login(API2);
const json = async (base, auth, p, init = {}) => {
  const r = await fetch(`${base}/api${p}`, { ...init, headers: { authorization: auth, 'content-type': 'application/json', ...(init.headers ?? {}) } });
  if (!r.ok) fail(`${init.method ?? 'GET'} ${base}${p} : ${r.status} ${await r.text()}`);
  return r.json();
};

step('Import DS lancé sur la réplique 1, suivi sur la réplique 2 (traité par l’un des deux workers)…');
const run = await json(API1, auth1, `/campaigns/${campaignId}/imports/ds`, { method: 'POST', body: JSON.stringify({ phase: 1, mode: 'full' }) });
const done = await until(async () => {
  const r = await json(API2, auth2, `/imports/${run.id}`);
  if (r.status === 'failed' || r.status === 'cancelled') fail(`import ${r.status}`);
  return r.status === 'done' ? r : null;
}, 'import DS');
step(`Import terminé : ${done.created} dossiers créés.`);

const list = await json(API2, auth2, `/dossiers?filter=${encodeURIComponent(JSON.stringify({ campaignId }))}&range=${encodeURIComponent('[0,49]')}`);
let target = null;
for (const d of list) {
  const full = await json(API2, auth2, `/dossiers/${d.id}`);
  const statuts = full.attachments?.find((a) => a.kind === 'statuts' && a.stored);
  if (statuts) {
    target = { dossier: full, statuts };
    break;
  }
}
if (!target) fail('aucun dossier importé avec des statuts conservés');

step('Décision (ouverture de l’instruction) sur la réplique 2…');
const moved = await json(API2, auth2, `/dossiers/${target.dossier.id}/transitions`, {
  method: 'POST',
  body: JSON.stringify({ action: 'ouvrir_instruction', expectedVersion: target.dossier.version }),
});
if (moved.state !== 'en_instruction') fail(`état inattendu : ${moved.state}`);

step('Statuts téléchargés par la réplique 1, la réplique 2 et le proxy…');
const digests = [];
for (const [base, auth] of [
  [API1, auth1],
  [API2, auth2],
  [PROXY, auth1],
]) {
  const r = await fetch(`${base}/api/dossiers/${target.dossier.id}/attachments/${target.statuts.id}/file`, { headers: { authorization: auth } });
  if (r.status !== 200) fail(`téléchargement par ${base} : ${r.status}`);
  const body = Buffer.from(await r.arrayBuffer());
  if (!body.length) fail(`fichier vide par ${base}`);
  digests.push(createHash('sha256').update(body).digest('hex'));
}
if (new Set(digests).size !== 1) fail(`contenus différents selon la réplique : ${digests.join(' ')}`);
step(`OK : le même fichier (${digests[0].slice(0, 12)}…) depuis chaque réplique.`);
if (!process.env.KEEP) compose('down', '-v');
