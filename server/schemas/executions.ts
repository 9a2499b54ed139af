import { z } from 'zod';
import { pageQuery, timeRange, timestamp } from './common.ts';

export const triggeredBy = z.enum(['agent-service', 'webhook', 'scheduler', 'manual']);
export const executionStatus = z.enum(['queued', 'running', 'succeeded', 'failed', 'skipped']);

/** One `ctx.log()` line. */
export const executionLogLine = z.object({ at: timestamp, message: z.string() });

export const execution = z.object({
  id: z.string(),
  customerId: z.string(),
  workflowId: z.string(),
  triggeredBy,
  status: executionStatus,
  /** Why it failed or was skipped: `error`, `timeout`, `interrupted`, `quota_exceeded`. */
  statusReason: z.string().optional(),
  eventId: z.string().optional(),
  connectionId: z.string().optional(),
  input: z.unknown().optional(),
  output: z.unknown().optional(),
  error: z.string().optional(),
  startedAt: timestamp,
  finishedAt: timestamp.optional(),
  durationMs: z.number().int().optional(),
  logs: z.array(executionLogLine).optional(),
});

export const listExecutionsQuery = pageQuery.extend({
  customerId: z.string().max(64).optional(),
  workflowId: z.string().max(64).optional(),
  triggeredBy: triggeredBy.optional(),
  status: executionStatus.optional(),
  ...timeRange,
});

export const executionParams = z.object({ executionId: z.string() });

export type Execution = z.infer<typeof execution>;
export type ExecutionStatus = z.infer<typeof executionStatus>;
export type TriggeredBy = z.infer<typeof triggeredBy>;
export type ExecutionLogLine = z.infer<typeof executionLogLine>;
