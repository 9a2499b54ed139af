import { z } from 'zod';
import { integrationKey } from './integrations.ts';
import { jsonValue } from './jsonValue.ts';

/** A run's `input`: no larger than the body it comes in. */
export const maxInputBytes = 64 * 1024;
const runInput = jsonValue(maxInputBytes);

export const workflowId = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'must be 1–64 of a-z 0-9 _ . -, starting with a letter or digit');

/** A loaded workflow as the API lists it (its code stays on the server). */
export const workflow = z.object({
  id: workflowId,
  name: z.string(),
  description: z.string().optional(),
  integration: integrationKey,
  triggers: z.object({
    events: z.array(z.string()).optional(),
    schedule: z.string().optional(),
    manual: z.boolean().optional(),
  }),
  timeoutMs: z.number().int(),
});

export const runTriggers = z.enum(['manual', 'agent-service']);

export const runWorkflowBody = z
  .strictObject({
    input: runInput.optional(),
    triggeredBy: runTriggers.default('manual'),
  })
  .prefault({});

export const widgetRunWorkflowBody = z.strictObject({ input: runInput.optional() }).prefault({});

export const customerWorkflowParams = z.object({ id: z.string(), workflowId: z.string() });
export const workflowParams = z.object({ workflowId: z.string() });

export type Workflow = z.infer<typeof workflow>;
export type RunTrigger = z.infer<typeof runTriggers>;
