import { acceptedUntil } from '../../auth/widgetTokens.ts';
import { notFound } from '../../errors.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { tokenParams } from '../../schemas/params.ts';
import { defineRoute } from '../../http/route.ts';

export const deleteToken = defineRoute({
  method: 'delete',
  path: '/v1/tokens/:tokenId',
  audience: 'admin',
  params: tokenParams,
  tag: 'Widget tokens',
  summary: 'Revoke a widget token',
  audit: { action: 'token.revoke', resource: resourceOf('token', 'tokenId') },
  status: 204,
  responses: { 204: { description: 'Revoked: the token is refused from now on' } },
  async handler({ params, res, deps }) {
    const issued = await deps.store.tokens.getIssued(params.tokenId);
    if (!issued) throw notFound('The token');
    res.locals.auditCustomerId = issued.customerId;
    await deps.store.tokens.revoke({ jti: issued.id, customerId: issued.customerId, expiresAt: acceptedUntil(issued.expiresAt) });
  },
});
