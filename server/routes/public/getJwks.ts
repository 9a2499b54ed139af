import { z } from 'zod';
import { defineRoute } from '../../http/route.ts';

export const getJwks = defineRoute({
  method: 'get',
  path: '/.well-known/jwks.json',
  audience: 'public',
  tag: 'Widget tokens',
  summary: 'The public keys that verify widget tokens (current and previous)',
  status: 200,
  responses: { 200: { description: 'A JWK set', schema: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }) } },
  handler({ res, deps }) {
    res.setHeader('Cache-Control', 'public, max-age=300');
    return deps.signingKeys.jwks();
  },
});
