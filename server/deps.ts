import type { Activity } from './activity/Activity.ts';
import type { SigningKeys } from './auth/SigningKeys.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { SecretBox } from './crypto/SecretBox.ts';
import type { EventLog } from './events/EventLog.ts';
import type { Logger } from './http/logger.ts';
import type { RateLimits } from './limits/RateLimits.ts';
import type { Store } from './store/Store.ts';

/** Everything the app is built from. Tests pass real parts with test data. */
export interface AppDeps {
  config: Config;
  store: Store;
  clock: Clock;
  secrets: SecretBox;
  signingKeys: SigningKeys;
  events: EventLog;
  logger: Logger;
  /** Outgoing HTTP (credential tests, proxy, providers). */
  fetch: typeof fetch;
  /** In-memory rate windows: requests per minute per customer, abuse counters per IP. */
  rateLimits: RateLimits;
  /** Workflows, their runs, the scheduler and outgoing webhook delivery. */
  activity: Activity;
}
