import { notFound } from '../../errors.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { writeBeforeResponse } from '../../http/pendingWrites.ts';
import { defineRoute } from '../../http/route.ts';
import { admitEvent } from '../../limits/quota.ts';
import { listOf } from '../../schemas/common.ts';
import { createEventBody, event, listEventsQuery } from '../../schemas/events.ts';
import { customerParams } from '../../schemas/params.ts';

export const postCustomerEvents = defineRoute({
  method: 'post',
  path: '/v1/customers/:id/events',
  audience: 'admin',
  tag: 'Events',
  summary: 'Record a manual incoming event for a customer (it triggers subscribed workflows)',
  customerScoped: true,
  params: customerParams,
  body: createEventBody,
  audit: { action: 'event.create', resource: resourceOf('event') },
  status: 201,
  responses: { 201: { description: 'The stored event', schema: event }, 429: { description: "Over the customer's eventsPerDay" } },
  async handler({ params, body, res, deps }) {
    if (!(await deps.store.customers.get(params.id))) throw notFound('The customer');
    await admitEvent(deps, params.id, { deferSave: (saved) => writeBeforeResponse(res, saved) });
    const recorded = await deps.events.record({
      customerId: params.id,
      type: 'manual',
      direction: 'incoming',
      name: body.name,
      payload: body.payload,
    });
    res.locals.auditId = recorded.id;
    return recorded;
  },
});

export const getEvents = defineRoute({
  method: 'get',
  path: '/v1/events',
  audience: 'admin',
  tag: 'Events',
  summary: 'List events of every customer, newest first',
  query: listEventsQuery,
  status: 200,
  responses: { 200: { description: 'Events', schema: listOf(event) } },
  handler: ({ query: { limit, cursor, ...filter }, deps }) => deps.store.events.list(filter, { limit, cursor }),
});
