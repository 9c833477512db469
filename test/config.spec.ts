import { ConfigError, loadConfig } from '@ptce/server/config/app-config';

describe('configuration', () => {
  it('has working defaults for development', () => {
    const c = loadConfig({});
    expect(c.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/ptce');
    expect(c.port).toBe(3000);
    expect(c.demoMode).toBe(true);
    expect(c.smtpUrl).toBeNull();
  });

  it('refuses invalid values with one French line per problem', () => {
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'abc', JWT_SECRET: 'court' });
      throw new Error('should have failed');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toMatch(/DATABASE_URL/);
      expect(problems[1]).toMatch(/PORT/);
      expect(problems[2]).toMatch(/JWT_SECRET/);
    }
  });

  it('requires a JWT secret in production and refuses demo mode there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET est obligatoire/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DEMO_MODE: 'true' })).toThrow(/DEMO_MODE/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).demoMode).toBe(false);
  });

  it('checks HISTORIQUE_FLAG_RULE and the importers’ settings with the rest (one validated configuration)', () => {
    let problems: string[] = [];
    try {
      loadConfig({ HISTORIQUE_FLAG_RULE: 'souvent', IMPORT_MAX_ROWS: '0' });
    } catch (e) {
      problems = (e as ConfigError).problems;
    }
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/HISTORIQUE_FLAG_RULE vaut majority ou any/),
        expect.stringMatching(/IMPORT_MAX_ROWS/),
      ]),
    );
    expect(loadConfig({ HISTORIQUE_FLAG_RULE: 'any' }).imports.maxRows).toBe(5000);
  });

  it('reads the worker’s graceful-stop bound with the rest (WORKER_SHUTDOWN_TIMEOUT_MS)', () => {
    expect(loadConfig({}).workerShutdownTimeoutMs).toBe(9000);
    expect(loadConfig({ WORKER_SHUTDOWN_TIMEOUT_MS: '20000' }).workerShutdownTimeoutMs).toBe(20000);
    expect(() => loadConfig({ WORKER_SHUTDOWN_TIMEOUT_MS: 'vite' })).toThrow(/WORKER_SHUTDOWN_TIMEOUT_MS doit être un entier/);
  });
});
