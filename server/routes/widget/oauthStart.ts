import { HitchError } from '../../errors.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import { browserOrigin, startAttempt } from '../../oauth/startAttempt.ts';
import { oauthIntegrationParams, oauthStart, startOAuthBody } from '../../schemas/oauth.ts';
import { tokenAllows } from './allowedIntegration.ts';

export const postWidgetOAuthStart = defineRoute({
  method: 'post',
  path: '/v1/widget/oauth/:integration/start',
  audience: 'widget',
  tag: 'Widget',
  summary:
    "Start connecting (or, with connectionId, reconnecting) an OAuth 2 account: open authorizeUrl in a popup and hand it browserKey; needs a token with `origins`, called from one of them",
  scope: 'connections:write',
  params: oauthIntegrationParams,
  body: startOAuthBody.default({}),
  audit: { action: 'oauth_attempt.create', resource: resourceOf('oauth_attempt') },
  status: 201,
  responses: { 201: { description: 'The attempt: valid for 10 minutes, its state single-use', schema: oauthStart } },
  async handler({ params, body, actor, req, res, deps }) {
    if (!tokenAllows(actor, params.integration)) {
      throw new HitchError('forbidden', `This widget token does not allow the integration "${params.integration}".`);
    }
    // The popup hands the browser binding over to this origin: it must be one the token names,
    // not whatever a caller of the API claims (docs/DECISIONS.md, "The callback counts only…")
    const origin = browserOrigin(req.headers.origin);
    if (!actor.origins?.length || !origin) {
      throw new HitchError('forbidden', 'Connecting an OAuth account needs a widget token minted with `origins`, used from one of those pages.');
    }
    const started = await startAttempt(deps, actor, params.integration, body, origin);
    res.locals.auditId = started.attemptId;
    return started;
  },
});
