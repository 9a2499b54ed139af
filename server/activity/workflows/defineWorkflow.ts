import { Cron } from 'croner';
import { z } from 'zod';
import type { Customer } from '../../schemas/customers.ts';
import type { Event } from '../../schemas/events.ts';
import { eventName } from '../../schemas/events.ts';
import type { TriggeredBy } from '../../schemas/executions.ts';
import { integrationKey } from '../../schemas/integrations.ts';
import { workflowId } from '../../schemas/workflows.ts';

/** The customer's connection to the workflow's integration. */
export interface WorkflowConnection {
  id: string;
  label: string;
  integration: string;
  /**
   * Calls the integration's API as this connection: `path` is joined to the integration's
   * `apiBaseUrl` (an absolute URL must be under it); auth is added and OAuth tokens refreshed.
   */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** What `run` gets: one customer, its connection, and what started the run. */
export interface WorkflowContext<Input = unknown> {
  workflow: { id: string; name: string };
  execution: { id: string; triggeredBy: TriggeredBy };
  customer: Pick<Customer, 'id' | 'name' | 'email' | 'metadata'>;
  connection: WorkflowConnection;
  /** The run's `input` (manual runs), or the triggering event's payload. */
  input: Input;
  /** The incoming event that triggered the run (webhook, manual event, schedule). */
  event?: Event;
  /** Adds a line to the execution's logs (values are formatted like console.log). */
  log(...values: unknown[]): void;
  /** Records an outgoing event for this customer: it goes to the webhook endpoints. */
  emit(name: string, payload?: unknown): Promise<Event>;
  /** Aborted when the run times out or the server stops. */
  signal: AbortSignal;
}

export interface WorkflowTriggers {
  /** Incoming event names (webhook or manual) that start a run. */
  events?: string[];
  /** A cron pattern (UTC; 5 fields, or 6 with seconds): runs once per connected customer. */
  schedule?: string;
  /** The widget may run it (scope `workflows:run`). The admin API can run any workflow. */
  manual?: true;
}

export interface WorkflowDefinition<Input = unknown> {
  id: string;
  name: string;
  description?: string;
  /** The integration key whose connection the run uses. */
  integration: string;
  triggers: WorkflowTriggers;
  /** Longest a run may take, in ms (default 60 000, at most 15 minutes). */
  timeoutMs?: number;
  /** The workflow's work; its return value (JSON) is the execution's `output`. */
  run(ctx: WorkflowContext<Input>): unknown;
}

/** A definition once validated: defaults applied. */
export type LoadedWorkflow = WorkflowDefinition & { timeoutMs: number };

export const defaultTimeoutMs = 60_000;

const cronPattern = z.string().refine((pattern) => {
  try {
    return new Cron(pattern, { paused: true, timezone: 'UTC' }).nextRun() !== null;
  } catch {
    return false;
  }
}, 'must be a valid cron pattern, such as "*/15 * * * *"');

const definitionSchema = z.object({
  id: workflowId,
  name: z.string().min(1).max(100),
  description: z.string().max(500).optional(),
  integration: integrationKey,
  triggers: z.strictObject({
    events: z.array(eventName).min(1).max(50).optional(),
    schedule: cronPattern.optional(),
    manual: z.literal(true).optional(),
  }),
  timeoutMs: z.number().int().min(10).max(900_000).default(defaultTimeoutMs),
  run: z.custom<WorkflowDefinition['run']>((value) => typeof value === 'function', 'must be a function'),
});

/** Thrown for a definition that does not validate; the message names each problem by path. */
export class InvalidWorkflowError extends Error {}

/** Validates a definition; throws `InvalidWorkflowError` saying what is wrong. */
export function parseWorkflow(definition: unknown): LoadedWorkflow {
  const parsed = definitionSchema.safeParse(definition);
  if (parsed.success) return parsed.data as LoadedWorkflow;
  const problems = parsed.error.issues.map((issue) => `${issue.path.map(String).join('.') || 'definition'}: ${issue.message}`);
  throw new InvalidWorkflowError(problems.join('; '));
}

/**
 * Defines a workflow: `export default defineWorkflow({ id, name, integration, triggers, run })`
 * in a module of `HITCH_WORKFLOWS_DIR`. Validated here and again when the server loads it.
 */
export function defineWorkflow<Input = unknown>(definition: WorkflowDefinition<Input>): WorkflowDefinition<Input> {
  return parseWorkflow(definition) as WorkflowDefinition<Input>;
}
