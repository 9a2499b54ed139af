import { format } from 'node:util';
import type { Clock } from '../../clock.ts';
import type { ExecutionLogLine } from '../../schemas/executions.ts';

const maxLines = 500;
const maxLineLength = 2_000;

/** The `ctx.log()` lines of one run, bounded so one chatty run cannot bloat the store. */
export class ExecutionLog {
  #clock: Clock;
  #lines: ExecutionLogLine[] = [];
  #dropped = 0;
  #closed = false;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  add(values: unknown[]): void {
    if (this.#closed) return;
    if (this.#lines.length >= maxLines) {
      this.#dropped++;
      return;
    }
    const message = format(...values);
    this.#lines.push({
      at: new Date(this.#clock.now()).toISOString(),
      message: message.length > maxLineLength ? `${message.slice(0, maxLineLength)}…` : message,
    });
  }

  /** The lines kept; later `add` calls (from a run that timed out) are ignored. */
  close(): ExecutionLogLine[] {
    this.#closed = true;
    if (!this.#dropped) return this.#lines;
    return [...this.#lines, { at: new Date(this.#clock.now()).toISOString(), message: `… ${this.#dropped} more lines not kept` }];
  }
}
