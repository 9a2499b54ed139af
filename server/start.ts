import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Activity, type ActivityOptions } from './activity/Activity.ts';
import { loadWorkflows } from './activity/workflows/loadWorkflows.ts';
import { createApp, type AppOptions } from './app.ts';
import { ensureAdminKey } from './auth/adminKeys.ts';
import { SigningKeys } from './auth/SigningKeys.ts';
import { systemClock, type Clock } from './clock.ts';
import { withListenPort, type Config } from './config.ts';
import { loadEncryptionKeys } from './crypto/encryptionKey.ts';
import { SecretBox } from './crypto/SecretBox.ts';
import type { AppDeps } from './deps.ts';
import { EventLog } from './events/EventLog.ts';
import { createExpressServer, type HttpTimeouts } from './http/expressServer.ts';
import { jsonLogger, type Logger } from './http/logger.ts';
import { RateLimits } from './limits/RateLimits.ts';
import { startBackgroundRefresh } from './oauth/backgroundRefresh.ts';
import { openFileStore, type QuarantineNotice, type Store } from './store/index.ts';

export interface StartOptions {
  /** Defaults to the lowdb store in `config.dataDir`. */
  store?: Store;
  clock?: Clock;
  logger?: Logger;
  fetch?: typeof fetch;
  /** Mounts that need the final deps (the demo); called once the URL is known. */
  mounts?: (deps: AppDeps) => Promise<AppOptions['mounts']> | AppOptions['mounts'];
  /** The API routes to serve; all of them by default (benchmarks compare variants). */
  routes?: AppOptions['routes'];
  /** Workflow run and webhook delivery settings (tests shorten the timeouts). */
  activity?: ActivityOptions;
  /** How long clients may take to send a request (tests shorten them). */
  httpTimeouts?: Partial<HttpTimeouts>;
}

export interface RunningHitch {
  url: string;
  deps: AppDeps;
  server: Server;
  /** Printed once on first start when no admin key existed. */
  createdAdminKey?: string;
  /** Stops accepting, lets in-flight requests finish, flushes the store. */
  close(): Promise<void>;
}

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Opens the store and keys, listens, and serves the app: everything main.ts and tests share. */
export async function startHitch(baseConfig: Config, options: StartOptions = {}): Promise<RunningHitch> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? jsonLogger();
  const onQuarantine = (notice: QuarantineNotice) => logger.warn('records set aside in quarantine', { ...notice });
  const store = options.store ?? (await openFileStore(baseConfig.dataDir, { onQuarantine }));
  let listening: Server | undefined;
  try {
    const keys = await loadEncryptionKeys(baseConfig.dataDir, baseConfig.encryptionKey);
    const secrets = new SecretBox(keys.current, keys.older);
    const signingKeys = new SigningKeys(store, secrets, clock);
    await signingKeys.load();
    // A broken workflow module stops start-up before the server listens
    const workflows = await loadWorkflows(baseConfig.workflowsDir);
    // Until `serve`, the server answers every request 503 "starting": the app needs the port
    const { server, serve } = createExpressServer(options.httpTimeouts);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(baseConfig.port, baseConfig.host, resolve);
    });
    listening = server;
    const config = withListenPort(baseConfig, (server.address() as AddressInfo).port);
    const deps: AppDeps = {
      config,
      store,
      clock,
      secrets,
      signingKeys,
      events: new EventLog(store, clock),
      rateLimits: new RateLimits(clock),
      logger,
      fetch: options.fetch ?? globalThis.fetch,
      activity: new Activity(workflows, options.activity),
    };
    const createdAdminKey = await ensureAdminKey(deps);
    await deps.activity.start(deps);
    serve(createApp(deps, { mounts: await options.mounts?.(deps), routes: options.routes }));
    const stopRetention = scheduleRetention(deps);
    const stopRefresh = startBackgroundRefresh(deps);
    let closing: Promise<void> | undefined;
    const close = () =>
      (closing ??= (async () => {
        await stopRetention();
        await stopRefresh();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await deps.activity.stop();
        await store.close();
      })());
    return { url: config.publicUrl, deps, server, createdAdminKey, close };
  } catch (error) {
    // A start that fails after listening stops listening too
    listening?.close();
    listening?.closeAllConnections();
    await store.close();
    throw error;
  }
}

/** Drops activity past its retention now and every hour; the returned stop waits for a prune under way. */
function scheduleRetention({ store, clock, config, logger }: AppDeps): () => Promise<void> {
  let pruning = Promise.resolve();
  const prune = () => {
    const now = clock.now();
    return Promise.all([
      store.prune({
        activity: new Date(now - config.retentionDays * dayMs).toISOString(),
        audit: new Date(now - config.auditRetentionDays * dayMs).toISOString(),
      }),
      store.tokens.prune(new Date(now).toISOString()),
      store.hookReceipts.prune(new Date(now).toISOString()),
      // Daily counters are only needed for today (yesterday kept for requests across midnight)
      store.usage.prune(new Date(now - dayMs).toISOString().slice(0, 10)),
    ]).then(
      () => {},
      (error: Error) => logger.error('retention failed', { error: error.message }),
    );
  };
  // One prune at a time: a slow one is not overlapped by the next hour's
  const run = () => void (pruning = pruning.then(prune));
  run();
  const timer = setInterval(run, hourMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await pruning;
  };
}
