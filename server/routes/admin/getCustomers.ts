import { defineRoute } from '../../http/route.ts';
import { listOf } from '../../schemas/common.ts';
import { customer, listCustomersQuery } from '../../schemas/customers.ts';

export const getCustomers = defineRoute({
  method: 'get',
  path: '/v1/customers',
  audience: 'admin',
  tag: 'Customers',
  summary: 'List customers (q matches id or name)',
  query: listCustomersQuery,
  status: 200,
  responses: { 200: { description: 'Customers, newest first', schema: listOf(customer) } },
  handler: ({ query: { q, limit, cursor }, deps }) => deps.store.customers.list({ q }, { limit, cursor }),
});
