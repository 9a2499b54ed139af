import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

export const getHealthz = defineRoute({
  method: 'get',
  path: '/healthz',
  audience: 'public',
  tag: 'Server',
  summary: 'Readiness: 200 once the server serves requests',
  status: 200,
  responses: { 200: { description: 'Ready', schema: z.object({ status: z.literal('ok') }) } },
  handler: () => ({ status: 'ok' }),
});
