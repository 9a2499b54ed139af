import { clientIp } from '../../http/clientIp.ts';
import { defineRoute } from '../../http/route.ts';
import { expiredBindingCookie } from '../../oauth/browserBinding.ts';
import { handleCallback } from '../../oauth/callback.ts';
import { sendCallbackPage } from '../../oauth/callbackPage.ts';
import { oauthCallbackQuery } from '../../schemas/oauth.ts';

export const getOAuthCallback = defineRoute({
  method: 'get',
  path: '/oauth/callback',
  audience: 'public',
  tag: 'OAuth',
  summary:
    'The redirect URI of every OAuth provider: finishes the attempt its state names and answers an HTML page that posts the result to the widget and closes',
  query: oauthCallbackQuery,
  status: 200,
  responses: {
    200: { description: 'An HTML page: the attempt succeeded, or ended with the reason the provider gave' },
    400: {
      description:
        'An HTML error page: no, unknown, used or expired state, a browser the attempt was not bound to, or a response from another provider; nothing is exchanged',
    },
  },
  async handler({ query, req, res, deps }) {
    // Express answers HEAD with the GET route; a link checker's HEAD must not spend the state.
    if (req.method === 'HEAD') return void res.status(200).type('html').end();
    const result = await handleCallback(deps, query, { ip: clientIp(req), cookies: req.headers.cookie });
    if (result.attemptId) res.append('Set-Cookie', expiredBindingCookie(deps.config, result.attemptId));
    sendCallbackPage(res, result);
  },
});
