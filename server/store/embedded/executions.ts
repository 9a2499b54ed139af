import { decodeCursor, takePage } from '../paging.ts';
import type { ExecutionRecord } from '../records.ts';
import type { ExecutionFilter, ExecutionRepository } from '../Store.ts';
import { filtered, inRange } from './activity.ts';
import type { Documents } from './layout.ts';

const unfinishedStatuses = new Set<ExecutionRecord['status']>(['queued', 'running']);

export function executionRepository({ executions }: Documents): ExecutionRepository {
  const matches = (filter: ExecutionFilter) => (execution: ExecutionRecord) =>
    (!filter.customerId || execution.customerId === filter.customerId) &&
    (!filter.workflowId || execution.workflowId === filter.workflowId) &&
    (!filter.triggeredBy || execution.triggeredBy === filter.triggeredBy) &&
    (!filter.status || execution.status === filter.status) &&
    inRange(execution.startedAt, filter.from, filter.to);
  return {
    append: (execution) => executions.append(execution),
    get: async (id) => executions.get(id),
    update: (id, patch) => executions.update(id, (existing) => ({ ...existing, ...patch })),
    async list(filter, { limit, cursor }) {
      const after = cursor ? decodeCursor(cursor) : undefined;
      return takePage(filtered(executions.newestFirst(after), matches(filter)), limit, (execution) => execution.id);
    },
    unfinished: async () => [...filtered(executions.oldestFirst(), (execution) => unfinishedStatuses.has(execution.status))],
  };
}
