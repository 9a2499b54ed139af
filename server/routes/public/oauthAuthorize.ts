import { isoAt } from '../../clock.ts';
import { hashSecret } from '../../crypto/hashSecret.ts';
import { notFound } from '../../errors.ts';
import { defineRoute } from '../../http/route.ts';
import { randomToken } from '../../ids.ts';
import { sendAuthorizePage } from '../../oauth/authorizePage.ts';
import { bindingCookie } from '../../oauth/browserBinding.ts';
import { attemptParams, bindBrowserBody, boundBrowser } from '../../schemas/oauth.ts';

export const getOAuthAuthorizePage = defineRoute({
  method: 'get',
  path: '/oauth/authorize/:attemptId',
  audience: 'public',
  tag: 'OAuth',
  summary:
    "The page the widget opens in its popup: it takes the attempt's key from the widget (postMessage), binds this browser to the attempt and goes on to the provider",
  params: attemptParams,
  status: 200,
  responses: {
    200: { description: 'An HTML page that binds the browser, then sends it to the provider' },
    400: { description: 'An HTML error page: the attempt is unknown, finished or expired' },
  },
  async handler({ params, res, deps }) {
    sendAuthorizePage(res, await deps.store.oauthAttempts.findOpen(params.attemptId, isoAt(deps.clock.now())));
  },
});

export const postOAuthAuthorize = defineRoute({
  method: 'post',
  path: '/oauth/authorize/:attemptId',
  audience: 'public',
  tag: 'OAuth',
  summary:
    "Binds the calling browser to the attempt whose key it presents (a cookie on this server's OAuth pages) and answers the provider's authorize URL",
  params: attemptParams,
  body: bindBrowserBody,
  status: 200,
  responses: {
    200: { description: "The provider's authorize URL; the response sets the binding cookie", schema: boundBrowser },
    404: { description: 'No open attempt with this id and key' },
  },
  async handler({ params, body, res, deps }) {
    const binding = randomToken(32);
    const now = deps.clock.now();
    const attempt = await deps.store.oauthAttempts.bindBrowser(params.attemptId, hashSecret(body.key), hashSecret(binding), isoAt(now));
    if (!attempt) throw notFound('The sign-in');
    res.append('Set-Cookie', bindingCookie(deps.config, attempt, binding, now));
    res.set('Cache-Control', 'no-store');
    return { url: deps.secrets.open(attempt.providerUrl) };
  },
});
