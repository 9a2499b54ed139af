import { issueWidgetToken } from '../../auth/widgetTokens.ts';
import { notFound } from '../../errors.ts';
import { resourceOf } from '../../http/auditResource.ts';
import { customerParams } from '../../schemas/params.ts';
import { writeBeforeResponse } from '../../http/pendingWrites.ts';
import { defineRoute } from '../../http/route.ts';
import { admitTokenIssue } from '../../limits/abuseGuard.ts';
import { issuedToken, issueTokenBody } from '../../schemas/tokens.ts';

export const postCustomerTokens = defineRoute({
  method: 'post',
  path: '/v1/customers/:id/tokens',
  audience: 'admin',
  tag: 'Widget tokens',
  summary: 'Mint a short-lived widget token for a customer',
  customerScoped: true,
  params: customerParams,
  body: issueTokenBody,
  audit: { action: 'token.issue', resource: resourceOf('token') },
  status: 201,
  responses: { 201: { description: 'The token, shown once', schema: issuedToken } },
  async handler({ params, req, res, body, deps }) {
    admitTokenIssue(deps, req, res);
    const customer = await deps.store.customers.get(params.id);
    if (!customer) throw notFound('The customer');
    const issued = await issueWidgetToken(deps, customer, body);
    res.locals.auditId = issued.tokenId;
    writeBeforeResponse(res, deps.store.tokens.recordIssued({
      id: issued.tokenId,
      customerId: params.id,
      ...(body.userId ? { userId: body.userId } : {}),
      createdAt: new Date(deps.clock.now()).toISOString(),
      expiresAt: issued.expiresAt,
    }));
    return issued;
  },
});
