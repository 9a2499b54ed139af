import { Cron } from 'croner';
import type { AppDeps } from '../../deps.ts';
import type { LoadedWorkflow } from '../workflows/defineWorkflow.ts';
import { fireSchedule } from './fireSchedule.ts';

interface ScheduleEntry {
  workflow: LoadedWorkflow;
  cron: Cron;
  /** When it fires next (ms, by the injected clock). */
  nextAt: number;
}

/**
 * Fires workflow schedules by the injected clock. croner only computes the next time; a timer
 * (unref'd) checks the clock every `pollMs`, and tests call `tick()` after moving the clock.
 * Times missed while the server was down are not made up, and a clock that jumps over several
 * firings fires once: like cron.
 */
export class Scheduler {
  #deps: AppDeps;
  #entries: ScheduleEntry[];
  #timer?: NodeJS.Timeout;
  #ticks: Promise<void> = Promise.resolve();

  constructor(deps: AppDeps, workflows: LoadedWorkflow[]) {
    this.#deps = deps;
    const now = deps.clock.now();
    this.#entries = workflows.map((workflow) => {
      const cron = new Cron(workflow.triggers.schedule!, { paused: true, timezone: 'UTC' });
      return { workflow, cron, nextAt: nextTime(cron, now) };
    });
  }

  start(pollMs: number): void {
    if (!this.#entries.length) return;
    this.#timer = setInterval(() => void this.tick(), pollMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Fires every schedule due at the clock's time; resolves once their runs are stored. Ticks never overlap. */
  tick(): Promise<void> {
    this.#ticks = this.#ticks.then(() => this.#fireDue());
    return this.#ticks;
  }

  async #fireDue(): Promise<void> {
    const now = this.#deps.clock.now();
    for (const entry of this.#entries) {
      if (entry.nextAt > now) continue;
      const scheduledFor = entry.nextAt;
      entry.nextAt = nextTime(entry.cron, now);
      await fireSchedule(this.#deps, entry.workflow, scheduledFor).catch((error: Error) =>
        this.#deps.logger.error('schedule failed', { workflowId: entry.workflow.id, error: error.message }),
      );
    }
  }
}

const nextTime = (cron: Cron, after: number) => cron.nextRun(new Date(after))?.getTime() ?? Number.POSITIVE_INFINITY;
