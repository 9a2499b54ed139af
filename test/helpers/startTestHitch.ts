import type { AddressInfo } from 'node:net';
import { ManualClock, type Clock } from '../../server/clock.ts';
import { jsonLogger, type Logger } from '../../server/http/logger.ts';
import { startHitch, type RunningHitch, type StartOptions } from '../../server/start.ts';
import { createMemoryStore } from '../../server/store/index.ts';
import { client, type Client } from './http.ts';
import { testAdminKey, testConfig } from './testConfig.ts';

export interface TestHitch extends RunningHitch {
  /** Where the server listens; `url` is the public URL, which differs when `HITCH_PUBLIC_URL` is set. */
  listenUrl: string;
  /** Admin-API client on `listenUrl`. */
  admin: Client;
  clock: Clock;
  /** Every log line written so far. */
  logs: string[];
  /** A widget-API client for a new token of `customerId`. */
  widgetFor(customerId: string, tokenOptions?: Record<string, unknown>): Promise<Client & { token: string; tokenId: string }>;
  createCustomer(id: string, name?: string): Promise<void>;
}

export interface TestHitchOptions extends Omit<StartOptions, 'logger'> {
  env?: Record<string, string>;
  /** `memory` (default) or `files` for the lowdb store in a temp data dir. */
  storage?: 'memory' | 'files';
}

/** A real Hitch server on 127.0.0.1 with a known admin key, an injected clock and captured logs. */
export async function startTestHitch(options: TestHitchOptions = {}): Promise<TestHitch> {
  const config = testConfig(options.env);
  const logs: string[] = [];
  const logger: Logger = jsonLogger((line) => void logs.push(line));
  const clock = options.clock ?? new ManualClock();
  const store = options.store ?? (options.storage === 'files' ? undefined : await createMemoryStore());
  const hitch = await startHitch(config, { ...options, store, clock, logger });
  const listenUrl = urlOf(hitch.server.address() as AddressInfo);
  const admin = client(listenUrl, testAdminKey);
  return {
    ...hitch,
    listenUrl,
    admin,
    clock,
    logs,
    async createCustomer(id, name = id) {
      const response = await admin.post('/v1/customers', { id, name });
      if (response.status !== 201) throw new Error(`creating ${id}: ${response.status} ${response.text}`);
    },
    async widgetFor(customerId, tokenOptions = {}) {
      const response = await admin.post(`/v1/customers/${customerId}/tokens`, tokenOptions);
      if (response.status !== 201) throw new Error(`token for ${customerId}: ${response.status} ${response.text}`);
      return { ...client(listenUrl, response.body.token), token: response.body.token, tokenId: response.body.tokenId };
    },
  };
}

/** The URL of a listening address (loopback for a wildcard one). */
function urlOf({ address, family, port }: AddressInfo): string {
  if (address === '0.0.0.0' || address === '::') return `http://127.0.0.1:${port}`;
  return family === 'IPv6' ? `http://[${address}]:${port}` : `http://${address}:${port}`;
}
