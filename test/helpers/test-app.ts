import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/app.factory';
import { hashPassword } from '@ptce/server/auth/password';
import { AppConfig, loadConfig } from '@ptce/server/config/app-config';
import { DevMailSinkService } from '@ptce/server/mail/dev-mail-sink.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import type { Role } from '@ptce/domain';
import { cloneTestDatabase, dropTestDatabase } from './db';

export interface TestUser {
  id: string;
  email: string;
  password: string;
  roles: Role[];
  regions: string[];
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  url: string;
  db: DataSource;
  sink: DevMailSinkService;
  http: () => ReturnType<typeof request>;
  createUser(u: Partial<TestUser> & { roles: Role[]; organisationSiret?: string | null; fullName?: string }): Promise<TestUser>;
  login(u: { email: string; password: string }): Promise<string>;
  /** A logged-in user with these roles: returns the user and an Authorization header value. */
  as(
    roles: Role[],
    regions?: string[],
    extra?: { organisationSiret?: string | null; fullName?: string },
  ): Promise<TestUser & { auth: string }>;
  startWorker(): Promise<INestApplicationContext>;
  close(): Promise<void>;
}

let hashCache: Promise<string> | null = null;
const PASSWORD = 'mot-de-passe-test';

/** The real API on a real PostgreSQL database of its own (cloned from the template) and its own Redis key prefix. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const { name, url: databaseUrl } = await cloneTestDatabase();
  const prefix = `ptce-t-${name.slice(7)}`;
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: prefix,
    MAIL_SINK_PORT: '0',
    PORT: '0',
    SMTP_URL: '',
    DEMO_MODE: 'true',
    LOG_LEVEL: 'silent',
    ADMIN_DIST: process.env.ADMIN_DIST ?? '',
    ...env,
  });
  if (!config.adminDist) config.adminDist = null;
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const addr = app.getHttpServer().address() as import('node:net').AddressInfo;
  const url = `http://127.0.0.1:${addr.port}`;
  const db = app.get(DataSource);
  const sink = app.get(DevMailSinkService);
  const workers: INestApplicationContext[] = [];
  let n = 0;

  const createUser: TestApp['createUser'] = async (u) => {
    hashCache ??= hashPassword(PASSWORD);
    const email = u.email ?? `user${++n}.${Math.random().toString(36).slice(2, 7)}@test.example.org`;
    const [row] = await db.query(
      `INSERT INTO app_user (email, full_name, password_hash, roles, regions, organisation_siret) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
      [email, u.fullName ?? `Utilisateur ${n}`, await hashCache, u.roles, u.regions ?? [], u.organisationSiret ?? null],
    );
    return { id: row.id, email, password: PASSWORD, roles: u.roles, regions: u.regions ?? [] };
  };
  const login: TestApp['login'] = async (u) => {
    const res = await request(url).post('/api/auth/login').send({ email: u.email, password: u.password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken;
  };

  return {
    app,
    config,
    url,
    db,
    sink,
    http: () => request(url),
    createUser,
    login,
    async as(roles, regions = [], extra = {}) {
      const user = await createUser({ roles, regions, ...extra });
      return { ...user, auth: `Bearer ${await login(user)}` };
    },
    async startWorker() {
      const ctx = await NestFactory.createApplicationContext(
        WorkerModule.forRoot({ ...config, processRole: 'worker', mailSinkPort: sink.port ?? 0 }),
        { logger: false },
      );
      workers.push(ctx);
      return ctx;
    },
    async close() {
      for (const w of workers) await w.close();
      await app.close();
      await dropTestDatabase(name);
    },
  };
}
