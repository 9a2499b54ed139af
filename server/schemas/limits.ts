import { z } from 'zod';
import { timestamp } from './common.ts';

export const limitNames = ['connections', 'eventsPerDay', 'executionsPerDay', 'requestsPerMinute'] as const;
export type LimitName = (typeof limitNames)[number];

/** One limit's value: 0 refuses everything (a suspended trial); there is no "unlimited", set a large number. */
export const limitValue = z.number().int().min(0).max(1_000_000_000);

/** `PUT /v1/limits`: the plan defaults, all four. */
export const planLimits = z.strictObject({
  connections: limitValue,
  eventsPerDay: limitValue,
  executionsPerDay: limitValue,
  requestsPerMinute: limitValue,
});

/** `PUT /v1/customers/:id/limits`: any subset; `null` removes that override. */
export const limitOverridesBody = z.strictObject({
  connections: limitValue.nullable().optional(),
  eventsPerDay: limitValue.nullable().optional(),
  executionsPerDay: limitValue.nullable().optional(),
  requestsPerMinute: limitValue.nullable().optional(),
});

/** The overrides a customer has: only the limits that differ from the plan. */
export const limitOverrides = planLimits.partial();

const usageOf = z.object({
  used: z.number().int(),
  remaining: z.number().int(),
  /** When the count starts again from 0; null for `connections`, which counts what exists. */
  resetsAt: timestamp.nullable(),
});

export const customerLimits = z.object({
  defaults: planLimits,
  overrides: limitOverrides,
  effective: planLimits,
  usage: z.object({
    connections: usageOf,
    eventsPerDay: usageOf,
    executionsPerDay: usageOf,
    requestsPerMinute: usageOf,
  }),
});

export type PlanLimits = z.infer<typeof planLimits>;
export type LimitOverrides = z.infer<typeof limitOverrides>;
export type LimitOverridesBody = z.infer<typeof limitOverridesBody>;
export type CustomerLimits = z.infer<typeof customerLimits>;
