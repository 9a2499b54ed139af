import type { Clock } from '../clock.ts';

export interface WindowCount {
  /** Whether this call was counted (it was under the limit). */
  allowed: boolean;
  /** Counted in the current window, this call included when allowed. */
  used: number;
  /** When the current window ends (ms). */
  resetsAt: number;
}

/**
 * Counts per key in fixed windows aligned to the clock (every minute on the minute, …). Counts
 * live in memory and the check and the count happen in one synchronous step, so concurrent
 * requests cannot over-admit. All keys share one window, so a new window simply drops the old map.
 */
export class FixedWindowCounter {
  #clock: Clock;
  #windowMs: number;
  #windowStart = 0;
  #counts = new Map<string, number>();

  constructor(clock: Clock, windowMs: number) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  /** Counts one for `key` unless it already reached `limit`. */
  take(key: string, limit: number): WindowCount {
    const used = this.#current().get(key) ?? 0;
    if (used >= limit) return { allowed: false, used, resetsAt: this.#resetsAt() };
    this.#counts.set(key, used + 1);
    return { allowed: true, used: used + 1, resetsAt: this.#resetsAt() };
  }

  /** Counts one for `key` without a limit; returns the new count. */
  add(key: string): number {
    const used = (this.#current().get(key) ?? 0) + 1;
    this.#counts.set(key, used);
    return used;
  }

  peek(key: string): { used: number; resetsAt: number } {
    return { used: this.#current().get(key) ?? 0, resetsAt: this.#resetsAt() };
  }

  #current(): Map<string, number> {
    const start = Math.floor(this.#clock.now() / this.#windowMs) * this.#windowMs;
    if (start !== this.#windowStart) {
      this.#windowStart = start;
      this.#counts = new Map();
    }
    return this.#counts;
  }

  #resetsAt(): number {
    return this.#windowStart + this.#windowMs;
  }
}
