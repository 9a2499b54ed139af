import { notFound } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import { attemptView } from '../../oauth/startAttempt.ts';
import { attemptParams, oauthAttempt } from '../../schemas/oauth.ts';
import { tokenAllows } from './allowedIntegration.ts';

export const getWidgetOAuthAttempt = defineRoute({
  method: 'get',
  path: '/v1/widget/oauth/attempts/:attemptId',
  audience: 'widget',
  tag: 'Widget',
  summary: "An OAuth attempt's status, for a widget whose popup lost its opener",
  scope: 'connections:read',
  params: attemptParams,
  status: 200,
  responses: { 200: { description: 'The status; connectionId once succeeded, error once failed', schema: oauthAttempt } },
  async handler({ params, actor, deps }) {
    const attempt = await deps.store.oauthAttempts.get(actor.customerId, params.attemptId);
    if (!attempt || !tokenAllows(actor, attempt.integration)) throw notFound('The OAuth attempt');
    return attemptView(attempt, deps.clock.now());
  },
});
