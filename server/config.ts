import { resolve } from 'node:path';
import { z } from 'zod';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const url = z.url({ protocol: /^https?$/ }).transform((value) => value.replace(/\/+$/, ''));
const encryptionKey = z
  .string()
  .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be 32 bytes, base64-encoded');
const retrySchedule = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'must be comma-separated seconds, such as 5,300,1800')
  .transform((value) => value.split(',').map(Number));
const adminKey = z.string().min(16, 'must be at least 16 characters');
const trustProxy = z
  .string()
  .refine((value) => !/^(true|false)$/i.test(value.trim()), 'must be a hop count or proxy addresses (trusting every proxy lets clients pick their IP)')
  .transform((value) => (/^\d+$/.test(value.trim()) ? Number(value) : value));

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  HITCH_PUBLIC_URL: url.optional(),
  HITCH_DATA_DIR: z.string().min(1).default('./data'),
  HITCH_ADMIN_KEY: adminKey.optional(),
  HITCH_ENCRYPTION_KEY: encryptionKey.optional(),
  HITCH_WORKFLOWS_DIR: z.string().min(1).optional(),
  HITCH_RETENTION_DAYS: positiveInt.default(30),
  HITCH_AUDIT_RETENTION_DAYS: positiveInt.default(365),
  HITCH_WEBHOOK_RETRY_SCHEDULE: retrySchedule.default([5, 300, 1800, 7200, 18000, 36000, 36000]),
  HITCH_AUTH_FAILURE_LIMIT: positiveInt.default(20),
  HITCH_TOKEN_ISSUE_LIMIT: positiveInt.default(1200),
  HITCH_TRUST_PROXY: trustProxy.optional(),
  NODE_ENV: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  /** Set once the port is known when `PORT=0`; see `withListenPort`. */
  publicUrl: string;
  dataDir: string;
  adminKey?: string;
  encryptionKey?: Buffer;
  workflowsDir?: string;
  retentionDays: number;
  auditRetentionDays: number;
  webhookRetrySchedule: number[];
  /** Guessed credentials one IP may present per 15 minutes before it is refused. */
  authFailureLimit: number;
  /** Widget tokens one IP may mint per minute. */
  tokenIssueLimit: number;
  /** Express `trust proxy`: which proxies' X-Forwarded-For to believe for the client IP; none by default. */
  trustProxy?: number | string;
  production: boolean;
  /** True when HITCH_PUBLIC_URL was given, so the listen port must not rewrite it. */
  publicUrlFixed: boolean;
}

/** Thrown for a bad variable; main.ts prints its message as the one line. */
export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  const workflowsDir = vars.HITCH_WORKFLOWS_DIR ?? (production ? undefined : 'demo/workflows');
  return {
    port: vars.PORT,
    host: vars.HOST,
    publicUrl: vars.HITCH_PUBLIC_URL ?? `http://${urlHost(vars.HOST)}:${vars.PORT}`,
    publicUrlFixed: vars.HITCH_PUBLIC_URL !== undefined,
    dataDir: resolve(vars.HITCH_DATA_DIR),
    adminKey: vars.HITCH_ADMIN_KEY,
    encryptionKey: vars.HITCH_ENCRYPTION_KEY ? Buffer.from(vars.HITCH_ENCRYPTION_KEY, 'base64') : undefined,
    workflowsDir: workflowsDir && resolve(workflowsDir),
    retentionDays: vars.HITCH_RETENTION_DAYS,
    auditRetentionDays: vars.HITCH_AUDIT_RETENTION_DAYS,
    webhookRetrySchedule: vars.HITCH_WEBHOOK_RETRY_SCHEDULE,
    authFailureLimit: vars.HITCH_AUTH_FAILURE_LIMIT,
    tokenIssueLimit: vars.HITCH_TOKEN_ISSUE_LIMIT,
    trustProxy: vars.HITCH_TRUST_PROXY,
    production,
  };
}

/** The config once the server listens: with `PORT=0` the public URL gets the real port. */
export function withListenPort(config: Config, port: number): Config {
  if (config.publicUrlFixed) return { ...config, port };
  return { ...config, port, publicUrl: `http://${urlHost(config.host)}:${port}` };
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}
