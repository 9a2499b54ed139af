import type { AppDeps } from '../deps.ts';
import { Scheduler } from './scheduler/Scheduler.ts';
import { DeliveryWorker } from './webhooks/DeliveryWorker.ts';
import { enqueueDeliveries } from './webhooks/enqueueDeliveries.ts';
import { failInterruptedExecutions } from './workflows/failInterruptedExecutions.ts';
import { runSubscribedWorkflows } from './workflows/runSubscribedWorkflows.ts';
import type { WorkflowCatalog } from './workflows/WorkflowCatalog.ts';
import { WorkflowRuns } from './workflows/WorkflowRuns.ts';

export interface ActivityOptions {
  /** Runs of one customer at once; more wait, queued (default 4). */
  runsPerCustomer?: number;
  /** An outgoing webhook attempt without an answer within this fails (default 15 s). */
  deliveryTimeoutMs?: number;
  /** Delivery attempts in flight at once (default 16). */
  deliveryConcurrency?: number;
  /** How often the scheduler and the delivery worker look at the clock (default 1 s). */
  pollMs?: number;
}

interface Parts {
  runs: WorkflowRuns;
  scheduler: Scheduler;
  deliveries: DeliveryWorker;
}

/**
 * Workflows, their runs, the scheduler and outgoing webhook delivery: built from the workflows
 * loaded at start, started once the rest of the deps exist, stopped before the store closes.
 */
export class Activity {
  readonly workflows: WorkflowCatalog;
  #options: ActivityOptions;
  #parts?: Parts;

  constructor(workflows: WorkflowCatalog, options: ActivityOptions = {}) {
    this.workflows = workflows;
    this.#options = options;
  }

  get runs(): WorkflowRuns {
    return this.#started().runs;
  }

  get scheduler(): Scheduler {
    return this.#started().scheduler;
  }

  get deliveries(): DeliveryWorker {
    return this.#started().deliveries;
  }

  /** Subscribes to events, settles what the last stop interrupted, then starts the jobs. */
  async start(deps: AppDeps): Promise<void> {
    const pollMs = this.#options.pollMs ?? 1_000;
    this.#parts = {
      runs: new WorkflowRuns(deps, this.#options.runsPerCustomer ?? 4),
      scheduler: new Scheduler(deps, this.workflows.scheduled()),
      deliveries: new DeliveryWorker(deps, {
        timeoutMs: this.#options.deliveryTimeoutMs ?? 15_000,
        pollMs,
        concurrency: this.#options.deliveryConcurrency ?? 16,
      }),
    };
    deps.events.subscribe((event) => enqueueDeliveries(deps, event));
    deps.events.subscribe((event) =>
      runSubscribedWorkflows(deps, event).catch((error: Error) =>
        deps.logger.error('starting subscribed workflows failed', { eventId: event.id, error: error.message }),
      ),
    );
    await failInterruptedExecutions(deps);
    await this.#parts.deliveries.start();
    this.#parts.scheduler.start(pollMs);
  }

  /** Stops the jobs; runs still going write nothing more (the next start marks them interrupted). */
  async stop(): Promise<void> {
    if (!this.#parts) return;
    this.#parts.scheduler.stop();
    this.#parts.runs.stop();
    await this.#parts.deliveries.stop();
  }

  #started(): Parts {
    if (!this.#parts) throw new Error('Activity used before start()');
    return this.#parts;
  }
}
