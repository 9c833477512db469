// Helpers shared by the audit and ProConnect tests: a local OIDC provider in a child process, and a ProConnect
// sign-in driven over HTTP (redirects followed by hand, the provider's development login and consent forms submitted).
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as import('node:net').AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export const PROCONNECT_CLIENT = { id: 'ptce-test', secret: 'ptce-test-secret-0123456789abcdef' };

export function proconnectEnv(port: number): Record<string, string> {
  return {
    PROCONNECT_ISSUER: `http://127.0.0.1:${port}`,
    PROCONNECT_CLIENT_ID: PROCONNECT_CLIENT.id,
    PROCONNECT_CLIENT_SECRET: PROCONNECT_CLIENT.secret,
  };
}

/** Starts the provider for an API at `apiUrl`; resolves once it listens. */
export async function startProvider(port: number, apiUrl: string): Promise<ChildProcess> {
  const script = path.resolve(__dirname, 'auth-proconnect-provider.mjs');
  const child = spawn(process.execPath, [script, String(port), `${apiUrl}/api/auth/proconnect/callback`, `${apiUrl}/`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`provider did not start: ${out}`)), 20000);
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    child.once('exit', (code) => reject(new Error(`provider exited (${code}): ${out}`)));
  });
  return child;
}

export async function stopProvider(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/**
 * Signs in through ProConnect as `email` (the provider's development login accepts any login); answers where the API
 * finally redirected the browser and the API cookies it set.
 */
export async function proconnectSignIn(apiUrl: string, email: string): Promise<{ location: string; cookies: Record<string, string> }> {
  const jar = new Map<string, Map<string, string>>(); // origin -> name -> value
  const cookieHeader = (u: URL) => [...(jar.get(u.origin) ?? new Map()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (u: URL, res: Response) => {
    const m = jar.get(u.origin) ?? new Map<string, string>();
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const value = pair.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) m.delete(pair.slice(0, i));
      else m.set(pair.slice(0, i), value);
    }
    jar.set(u.origin, m);
  };
  let url = new URL(`${apiUrl}/api/auth/proconnect/login`);
  let init: RequestInit = {};
  for (let step = 0; step < 25; step++) {
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: cookieHeader(url) } });
    keep(url, res);
    init = {};
    if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location')!, url);
      if (
        url.pathname === '/api/auth/proconnect/callback' ||
        (url.origin === new URL(apiUrl).origin && next.origin === url.origin && next.hash)
      ) {
        return { location: res.headers.get('location')!, cookies: Object.fromEntries(jar.get(new URL(apiUrl).origin) ?? []) };
      }
      url = next;
      continue;
    }
    const html = await res.text();
    const form = /<form[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
    if (!form)
      throw new Error(
        `unexpected page ${res.status} at ${url}: ${html
          .replace(/<style[\s\S]*?<\/style>/, '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(0, 400)}`,
      );
    const body = new URLSearchParams();
    for (const input of form[2].matchAll(/<input[^>]*>/gi)) {
      const name = /name="([^"]+)"/.exec(input[0])?.[1];
      if (!name) continue;
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      body.set(name, name === 'login' ? email : name === 'password' ? 'peu-importe' : value);
    }
    url = new URL(form[1].replace(/&amp;/g, '&'), url);
    init = { method: 'POST', body: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } };
  }
  throw new Error('ProConnect sign-in did not finish');
}
