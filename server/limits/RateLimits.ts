import type { Clock } from '../clock.ts';
import { FixedWindowCounter } from './FixedWindowCounter.ts';
import { minuteMs } from './utcWindows.ts';

/** Failed authentications are counted per IP over this window. */
export const authFailureWindowMs = 15 * minuteMs;

/**
 * The in-memory windows of this process: per-customer requests per minute, and the per-IP abuse
 * counters. A restart empties them, which at worst grants one extra window.
 */
export class RateLimits {
  /** Widget and proxy calls, by customer id. */
  readonly requests: FixedWindowCounter;
  /** Presented credentials that were not genuine, by IP. */
  readonly authFailures: FixedWindowCounter;
  /** Widget tokens minted, by IP. */
  readonly tokenIssues: FixedWindowCounter;

  constructor(clock: Clock) {
    this.requests = new FixedWindowCounter(clock, minuteMs);
    this.authFailures = new FixedWindowCounter(clock, authFailureWindowMs);
    this.tokenIssues = new FixedWindowCounter(clock, minuteMs);
  }
}
