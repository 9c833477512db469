/**
 * Runs the DS stand-in alone, e.g. for the demo:
 *   node -r ./scripts/register.js apps/ds-standin/src/main.ts --port 4010 --count 150
 * Options: --host, --token (no check when absent), --seed, --demarche, --phase, --deadline (ISO), --late,
 * --missing-statuts, --huge, and --phase2-demarche / --phase2-count for a second démarche whose dossiers reuse the
 * structures of the first projects (as phase-1 lauréats invited to phase 2 would), plus --phase2-uninvited (default 1)
 * dossiers of phase-1 structures that were not invited and apply all the same.
 */
import { parseArgs } from 'node:util';
import { phase2Demarche } from '@ptce/ds-standin/phase2';
import { DEFAULT_DEMARCHE_NUMBER, DemarcheSource, startDsStandin } from '@ptce/ds-standin/server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    token: { type: 'string' },
    count: { type: 'string', default: '150' },
    seed: { type: 'string', default: '2021' },
    demarche: { type: 'string', default: String(DEFAULT_DEMARCHE_NUMBER) },
    phase: { type: 'string', default: '1' },
    deadline: { type: 'string', default: '2021-06-23T23:59:59+02:00' },
    late: { type: 'string', default: '3' },
    'missing-statuts': { type: 'string', default: '2' },
    huge: { type: 'string', default: '0' },
    'phase2-demarche': { type: 'string' },
    'phase2-count': { type: 'string', default: '40' },
    'phase2-uninvited': { type: 'string', default: '1' },
    'phase2-deadline': { type: 'string', default: '2021-09-30T23:59:59+02:00' },
  },
});

function int(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer (got ${value})`);
  return n;
}

function date(name: string, value: string | undefined): Date {
  const d = new Date(value ?? '');
  if (Number.isNaN(d.getTime())) throw new Error(`--${name} must be an ISO date (got ${value})`);
  return d;
}

async function main(): Promise<void> {
  const phase = values.phase === '2' ? 2 : 1;
  const seed = int('seed', values.seed);
  const demarche = int('demarche', values.demarche);
  const sources: Record<number, DemarcheSource> = {
    [demarche]: {
      count: int('count', values.count),
      seed,
      phase,
      deadline: date('deadline', values.deadline),
      lateCount: int('late', values.late),
      missingStatutsCount: int('missing-statuts', values['missing-statuts']),
      hugeFileCount: int('huge', values.huge),
    },
  };
  if (values['phase2-demarche']) {
    const count = int('phase2-count', values['phase2-count']);
    const uninvited = int('phase2-uninvited', values['phase2-uninvited']);
    sources[int('phase2-demarche', values['phase2-demarche'])] = phase2Demarche({
      seed,
      deadline: date('phase2-deadline', values['phase2-deadline']),
      invited: Array.from({ length: count }, (_, i) => i),
      uninvited: Array.from({ length: uninvited }, (_, i) => count + i),
    }).source;
  }
  const s = await startDsStandin({
    port: int('port', values.port),
    host: values.host,
    token: values.token ?? null,
    dossiers: sources,
    log: (l) => console.error(l),
  });
  console.log(`DS stand-in: ${s.url}`);
  console.log(`  files under ${s.fileBaseUrl}/files/`);
  console.log(`  token: ${values.token ? values.token : '(none required)'}`);
  for (const [number, d] of s.state.demarches) console.log(`  démarche ${number} (phase ${d.phase}): ${d.dossiers.size} dossiers`);
  const stop = (): void => {
    void s.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error((e as Error).message);
  process.exit(1);
});
