// Bounded polls for tests: wait on a condition, never for a fixed time (the suite runs on loaded machines).

/** Polls until `check` resolves true (a throw counts as not yet), at most `timeoutMs`. */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Re-reads `probe` until it answers something truthy and returns it, at most `timeoutMs`. */
export async function eventually<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Délai dépassé : ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The API of a browser test runs in the Jest process: its clock is moved `ms` ahead (e.g. past the access token's
 * 15 minutes, so the token the page holds is refused while its refresh cookie still opens a new one). Returns the undo.
 */
export function serverClockAhead(ms: number): () => void {
  const realNow = Date.now.bind(Date);
  const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + ms);
  return () => spy.mockRestore();
}
