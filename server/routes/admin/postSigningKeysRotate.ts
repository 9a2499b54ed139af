import { resourceOf } from '../../http/auditResource.ts';
import { defineRoute } from '../../http/route.ts';
import { signingKeyRotated } from '../../schemas/tokens.ts';

export const postSigningKeysRotate = defineRoute({
  method: 'post',
  path: '/v1/signing-keys/rotate',
  audience: 'admin',
  tag: 'Widget tokens',
  summary: 'Rotate the token signing key (the previous key keeps verifying for 24 hours)',
  audit: { action: 'signing_key.rotate', resource: resourceOf('signing_key') },
  status: 201,
  responses: { 201: { description: "The new key's id", schema: signingKeyRotated } },
  async handler({ res, deps }) {
    const kid = await deps.signingKeys.rotate();
    res.locals.auditId = kid;
    return { kid };
  },
});
