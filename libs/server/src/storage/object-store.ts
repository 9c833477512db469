import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { randomUUID } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';

// The AWS SDK is loaded only when an s3:// store is used: the file driver (and every start) does without it.
type S3Sdk = typeof import('@aws-sdk/client-s3');
let sdk: S3Sdk | undefined;
const s3sdk = (): S3Sdk => (sdk ??= require('@aws-sdk/client-s3') as S3Sdk);

/**
 * Where attachments and staged import files live, shared by every API replica and worker: one interface, two drivers
 * chosen by `STORAGE_URL` — `file://<folder>` (default `file://.storage`, for `npm start` and tests on one machine) or
 * `s3://<bucket>[/<prefix>]` (any S3-compatible store: AWS, MinIO, s3rver in tests; endpoint and credentials from
 * `S3_ENDPOINT`, `S3_REGION`/`AWS_REGION`, `S3_ACCESS_KEY_ID`/`AWS_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`/
 * `AWS_SECRET_ACCESS_KEY`, `S3_FORCE_PATH_STYLE` — true by default when an endpoint is given, as MinIO needs).
 * Keys are relative paths (`ds/<campaign>/<number>/<uuid>-<name>`, `imports/<run>.csv`) and never come from users.
 */
export interface ObjectStore {
  readonly kind: 'file' | 's3';
  /** Stores a buffer, or the file at `fromPath` (streamed; the file is left where it is). */
  put(key: string, body: Buffer | { fromPath: string }, contentType?: string | null): Promise<void>;
  /** The object as a stream, or null when there is none. */
  get(key: string): Promise<Readable | null>;
  getBuffer(key: string): Promise<Buffer | null>;
  exists(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Checks the store answers (the bucket exists, the folder can be written). */
  check(): Promise<void>;
  describe(): string;
}

export class InvalidStorageKey extends Error {}

function checkKey(key: string): string {
  if (
    !key ||
    key.startsWith('/') ||
    key.split('/').some((p) => p === '..' || p === '.' || p === '') ||
    key.includes('\\') ||
    key.includes('\0')
  )
    throw new InvalidStorageKey(`invalid storage key: ${JSON.stringify(key)}`);
  return key;
}

async function streamToBuffer(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

export class FileObjectStore implements ObjectStore {
  readonly kind = 'file' as const;
  readonly root: string;
  constructor(dir: string) {
    this.root = isAbsolute(dir) ? dir : resolve(process.cwd(), dir);
  }
  private path(key: string): string {
    const p = resolve(this.root, checkKey(key));
    if (!p.startsWith(this.root + sep)) throw new InvalidStorageKey(`storage key outside the folder: ${key}`);
    return p;
  }
  async put(key: string, body: Buffer | { fromPath: string }): Promise<void> {
    const dest = this.path(key);
    await mkdir(dirname(dest), { recursive: true });
    // Written aside then renamed: a reader never sees half a file.
    const tmp = `${dest}.${randomUUID()}.part`;
    try {
      await pipeline(Buffer.isBuffer(body) ? Readable.from([body]) : createReadStream(body.fromPath), createWriteStream(tmp));
      await rename(tmp, dest);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }
  async get(key: string): Promise<Readable | null> {
    const p = this.path(key);
    try {
      const s = await stat(p);
      if (!s.isFile()) return null;
    } catch {
      return null;
    }
    return createReadStream(p);
  }
  async getBuffer(key: string): Promise<Buffer | null> {
    const s = await this.get(key);
    return s ? streamToBuffer(s) : null;
  }
  async exists(key: string): Promise<boolean> {
    try {
      return (await stat(this.path(key))).isFile();
    } catch {
      return false;
    }
  }
  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }
  async check(): Promise<void> {
    await mkdir(this.root, { recursive: true });
  }
  describe(): string {
    return `file://${this.root}`;
  }
}

export interface S3Settings {
  bucket: string;
  prefix: string;
  endpoint?: string;
  region: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
}

const notFound = (e: unknown) =>
  e instanceof s3sdk().S3ServiceException && (e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404);

export class S3ObjectStore implements ObjectStore {
  readonly kind = 's3' as const;
  readonly client: S3Client;
  constructor(readonly settings: S3Settings) {
    this.client = new (s3sdk().S3Client)({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      // Streamed bodies without aws-chunked trailing checksums: understood by every S3-compatible store (MinIO, s3rver).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials:
        settings.accessKeyId && settings.secretAccessKey
          ? { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey }
          : undefined,
    });
  }
  private key(key: string): string {
    return `${this.settings.prefix}${checkKey(key)}`;
  }
  async put(key: string, body: Buffer | { fromPath: string }, contentType?: string | null): Promise<void> {
    const Body = Buffer.isBuffer(body) ? body : createReadStream(body.fromPath);
    const ContentLength = Buffer.isBuffer(body) ? body.length : (await stat(body.fromPath)).size;
    await this.client.send(
      new (s3sdk().PutObjectCommand)({
        Bucket: this.settings.bucket,
        Key: this.key(key),
        Body,
        ContentLength,
        ContentType: contentType ?? 'application/octet-stream',
      }),
    );
  }
  async get(key: string): Promise<Readable | null> {
    try {
      const res = await this.client.send(new (s3sdk().GetObjectCommand)({ Bucket: this.settings.bucket, Key: this.key(key) }));
      return (res.Body as Readable | undefined) ?? null;
    } catch (e) {
      if (notFound(e)) return null;
      throw e;
    }
  }
  async getBuffer(key: string): Promise<Buffer | null> {
    const s = await this.get(key);
    return s ? streamToBuffer(s) : null;
  }
  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new (s3sdk().HeadObjectCommand)({ Bucket: this.settings.bucket, Key: this.key(key) }));
      return true;
    } catch (e) {
      if (notFound(e)) return false;
      throw e;
    }
  }
  async delete(key: string): Promise<void> {
    await this.client.send(new (s3sdk().DeleteObjectCommand)({ Bucket: this.settings.bucket, Key: this.key(key) }));
  }
  async check(): Promise<void> {
    await this.client.send(new (s3sdk().HeadBucketCommand)({ Bucket: this.settings.bucket }));
  }
  describe(): string {
    return `s3://${this.settings.bucket}/${this.settings.prefix}${this.settings.endpoint ? ` (${this.settings.endpoint})` : ''}`;
  }
}

/**
 * The store named by `STORAGE_URL` (e.g. `file://.storage`, `file:///var/lib/ptce`, `s3://ptce-attachments/prod`);
 * without it, the folder `STORAGE_DIR` (`.storage`). Throws a French message on a URL it cannot use.
 */
export function createObjectStore(
  storageUrl: string | null | undefined,
  storageDir: string,
  env: NodeJS.ProcessEnv = process.env,
): ObjectStore {
  const url = storageUrl?.trim();
  if (!url) return new FileObjectStore(storageDir || '.storage');
  if (url.startsWith('file://')) {
    const dir = decodeURIComponent(url.slice('file://'.length));
    if (!dir) throw new Error('STORAGE_URL invalide : file://<dossier> attendu (par exemple file://.storage).');
    return new FileObjectStore(dir);
  }
  if (url.startsWith('s3://')) {
    const rest = url.slice('s3://'.length);
    const [bucket, ...prefixParts] = rest.split('/');
    if (!bucket || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket))
      throw new Error('STORAGE_URL invalide : s3://<bucket>[/<préfixe>] attendu, avec un nom de bucket S3 valide.');
    const prefix = prefixParts.filter(Boolean).join('/');
    const endpoint = env.S3_ENDPOINT || undefined;
    return new S3ObjectStore({
      bucket,
      prefix: prefix ? `${prefix}/` : '',
      endpoint,
      region: env.S3_REGION || env.AWS_REGION || 'us-east-1',
      accessKeyId: env.S3_ACCESS_KEY_ID || env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY || env.AWS_SECRET_ACCESS_KEY,
      forcePathStyle: env.S3_FORCE_PATH_STYLE !== undefined ? env.S3_FORCE_PATH_STYLE === 'true' : Boolean(endpoint),
    });
  }
  throw new Error('STORAGE_URL invalide : file://<dossier> ou s3://<bucket>[/<préfixe>] attendu.');
}

const stores = new WeakMap<object, ObjectStore>();

/** One store per configuration object (the API and the worker each build theirs from the same settings). */
export function objectStoreFor(config: { storageDir: string; storageUrl?: string | null }): ObjectStore {
  let s = stores.get(config);
  if (!s) {
    s = createObjectStore(config.storageUrl === undefined ? process.env.STORAGE_URL : config.storageUrl, config.storageDir);
    stores.set(config, s);
  }
  return s;
}
