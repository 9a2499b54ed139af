import { z } from 'zod';
import { streamAuditLog } from '../../audit/exportAuditLog.ts';
import { defineRoute } from '../../http/route.ts';
import { listOf, pageQuery, timeRange, timestamp } from '../../schemas/common.ts';

export const auditEntry = z.object({
  id: z.string(),
  timestamp,
  user: z.string(),
  action: z.string(),
  resource: z.string(),
  outcome: z.enum(['success', 'failure']),
  customerId: z.string().optional(),
  ip: z.string().optional(),
  detail: z.string().optional(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditQuery = pageQuery.extend({
  user: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  resource: z.string().max(200).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  customerId: z.string().max(64).optional(),
  ...timeRange,
  /** `json`: one page. `csv` / `ndjson`: every matching entry as a streamed download (no paging). */
  format: z.enum(['json', 'csv', 'ndjson']).default('json'),
});

export const getAuditLog = defineRoute({
  method: 'get',
  path: '/v1/audit-log',
  audience: 'admin',
  tag: 'Audit log',
  summary: 'List audit entries, newest first; format=csv or ndjson downloads every matching entry',
  query: auditQuery,
  status: 200,
  responses: {
    200: {
      description: 'Audit entries (json); with format=csv or ndjson, a download (text/csv, application/x-ndjson) of every matching entry',
      schema: listOf(auditEntry),
    },
  },
  async handler({ query: { limit, cursor, format, ...filter }, res, deps }) {
    if (format === 'json') return deps.store.audit.list(filter, { limit, cursor });
    await streamAuditLog(res, deps.store.audit.stream(filter), format, deps.clock.now());
  },
});
