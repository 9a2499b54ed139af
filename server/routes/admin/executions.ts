import { withoutLogs } from '../../activity/workflows/executionView.ts';
import { notFound } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import { listOf } from '../../schemas/common.ts';
import { execution, executionParams, listExecutionsQuery } from '../../schemas/executions.ts';

export const getExecutions = defineRoute({
  method: 'get',
  path: '/v1/executions',
  audience: 'admin',
  tag: 'Executions',
  summary: 'List executions of every customer, newest first (without their log lines)',
  query: listExecutionsQuery,
  status: 200,
  responses: { 200: { description: 'Executions', schema: listOf(execution) } },
  async handler({ query: { limit, cursor, ...filter }, deps }) {
    const page = await deps.store.executions.list(filter, { limit, cursor });
    return { data: page.data.map(withoutLogs), nextCursor: page.nextCursor };
  },
});

export const getExecution = defineRoute({
  method: 'get',
  path: '/v1/executions/:executionId',
  audience: 'admin',
  tag: 'Executions',
  summary: 'Get an execution with its log lines',
  params: executionParams,
  status: 200,
  responses: { 200: { description: 'The execution', schema: execution } },
  async handler({ params, deps }) {
    const found = await deps.store.executions.get(params.executionId);
    if (!found) throw notFound('The execution');
    return found;
  },
});
