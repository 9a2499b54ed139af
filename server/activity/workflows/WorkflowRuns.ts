import { performance } from 'node:perf_hooks';
import type { AppDeps } from '../../deps.ts';
import { newId } from '../../ids.ts';
import type { ExecutionRecord } from '../../store/records.ts';
import { ExecutionLog } from './ExecutionLog.ts';
import { announceExecution } from './executionView.ts';
import { RunSlots } from './RunSlots.ts';
import { settleRun } from './settleRun.ts';
import { workflowContext, type RunSubject } from './workflowContext.ts';

/**
 * Runs workflows in this process: each run is stored as an execution first (running, or queued
 * behind the customer's other runs), then run with its timeout, then stored with its outcome and
 * announced. After `stop()` nothing more is written: the next start marks what was left interrupted.
 */
export class WorkflowRuns {
  #deps: AppDeps;
  #slots: RunSlots;
  #inFlight = new Set<Promise<void>>();
  #controllers = new Set<AbortController>();
  #stopped = false;

  constructor(deps: AppDeps, runsPerCustomer: number) {
    this.#deps = deps;
    this.#slots = new RunSlots(runsPerCustomer);
  }

  /** Stores the execution and starts the run; resolves with the execution as stored. */
  async start(subject: RunSubject): Promise<ExecutionRecord> {
    const hasSlot = this.#slots.tryTake(subject.customer.id);
    const execution = this.#newExecution(subject, hasSlot ? 'running' : 'queued');
    try {
      await this.#deps.store.executions.append(execution);
    } catch (error) {
      if (hasSlot) this.#slots.release(subject.customer.id);
      throw error;
    }
    const done: Promise<void> = this.#run(subject, execution, hasSlot).finally(() => this.#inFlight.delete(done));
    this.#inFlight.add(done);
    return execution;
  }

  /** Records a run that was not made (over `executionsPerDay`): visible, never silently lost. */
  async skip(subject: RunSubject, statusReason: string, error: string): Promise<ExecutionRecord> {
    const execution: ExecutionRecord = { ...this.#newExecution(subject, 'skipped'), statusReason, error, durationMs: 0 };
    execution.finishedAt = execution.startedAt;
    await this.#deps.store.executions.append(execution);
    return execution;
  }

  /** Resolves once no run is in flight (tests, graceful stops). */
  async idle(): Promise<void> {
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight]);
  }

  /** Aborts running workflows' signals and stops writing. */
  stop(): void {
    this.#stopped = true;
    for (const controller of this.#controllers) controller.abort(new Error('The server is stopping.'));
  }

  async #run(subject: RunSubject, queued: ExecutionRecord, hasSlot: boolean): Promise<void> {
    const { store, logger } = this.#deps;
    let slotTaken = hasSlot;
    try {
      let execution = queued;
      if (!slotTaken) {
        await this.#slots.take(subject.customer.id);
        slotTaken = true;
        if (this.#stopped) return;
        execution = (await store.executions.update(queued.id, { status: 'running', startedAt: this.#now() })) ?? queued;
      }
      const outcome = await this.#execute(subject, execution);
      if (this.#stopped) return;
      const finished = await store.executions.update(execution.id, outcome);
      if (finished) await announceExecution(this.#deps, finished);
    } catch (error) {
      logger.error('execution bookkeeping failed', { executionId: queued.id, error: (error as Error).message });
    } finally {
      if (slotTaken) this.#slots.release(subject.customer.id);
    }
  }

  async #execute(subject: RunSubject, execution: ExecutionRecord): Promise<Partial<ExecutionRecord>> {
    const controller = new AbortController();
    this.#controllers.add(controller);
    const log = new ExecutionLog(this.#deps.clock);
    let open = true;
    const ctx = workflowContext(this.#deps, subject, { execution, log, signal: controller.signal, isOpen: () => open });
    const started = performance.now();
    const outcome = await settleRun(() => subject.workflow.run(ctx), subject.workflow.timeoutMs, controller);
    open = false;
    this.#controllers.delete(controller);
    return { ...outcome, logs: log.close(), finishedAt: this.#now(), durationMs: Math.round(performance.now() - started) };
  }

  #newExecution({ workflow, customer, connection, triggeredBy, input, event }: RunSubject, status: ExecutionRecord['status']): ExecutionRecord {
    return {
      id: newId('exe'),
      customerId: customer.id,
      workflowId: workflow.id,
      triggeredBy,
      status,
      ...(event ? { eventId: event.id } : {}),
      connectionId: connection.id,
      ...(input === undefined ? {} : { input }),
      startedAt: this.#now(),
    };
  }

  #now(): string {
    return new Date(this.#deps.clock.now()).toISOString();
  }
}
