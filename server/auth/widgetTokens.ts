import { createHash } from 'node:crypto';
import { CompactSign, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import { newId } from '../ids.ts';
import { defaultWidgetScopes, type WidgetScope, widgetScopes } from '../schemas/tokens.ts';
import type { CustomerRecord } from '../store/records.ts';
import type { WidgetActor } from './actor.ts';
import { VerifiedTokens } from './VerifiedTokens.ts';

export const widgetTokenType = 'hitch-widget+jwt';
export const widgetAudience = 'hitch:widget';

export interface IssueOptions {
  ttlSeconds: number;
  userId?: string;
  integrations?: string[];
  origins?: string[];
  scopes?: WidgetScope[];
}

/**
 * The `gen` claim: which incarnation of the customer a token was minted for, an opaque digest of
 * its id and `createdAt`. A customer deleted and created again with the same id is a new
 * incarnation (its `createdAt` is always later than the deletion, see `deleteCustomer` and
 * `postCustomers`), so no token of the deleted one matches it, whatever the clocks say.
 */
export const customerGeneration = (customer: Pick<CustomerRecord, 'id' | 'createdAt'>) =>
  createHash('sha256').update(`${customer.id}\n${customer.createdAt}`).digest('base64url').slice(0, 16);

/** Mints a widget token for one customer (as stored now), signed with the current Ed25519 key. */
export async function issueWidgetToken(
  deps: Pick<AppDeps, 'signingKeys' | 'config' | 'clock'>,
  customer: Pick<CustomerRecord, 'id' | 'createdAt'>,
  options: IssueOptions,
) {
  const customerId = customer.id;
  const { kid, privateKey } = deps.signingKeys.current();
  const issuedAt = Math.floor(deps.clock.now() / 1000);
  const expiresAt = issuedAt + options.ttlSeconds;
  const tokenId = newId('tok');
  const claims: JWTPayload = {
    iss: deps.config.publicUrl,
    aud: widgetAudience,
    sub: customerId,
    jti: tokenId,
    iat: issuedAt,
    exp: expiresAt,
    ...(options.userId ? { uid: options.userId } : {}),
    ...(options.integrations ? { integrations: options.integrations } : {}),
    ...(options.origins ? { origins: options.origins } : {}),
    scope: [...new Set(options.scopes ?? defaultWidgetScopes)].join(' '),
    gen: customerGeneration(customer),
  };
  // A JWT is a compact JWS of its claims. jose's SignJWT would clone and re-check claims built
  // here from validated input; that was about a tenth of a bare token route's cost.
  const token = await new CompactSign(utf8.encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: 'EdDSA', typ: widgetTokenType, kid })
    .sign(privateKey);
  return { token, tokenId, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

const utf8 = new TextEncoder();

/** How long past `exp` a token is still accepted, for clock drift between hosts. */
export const clockToleranceSeconds = 60;

/** When a token expiring at `expiresAt` is refused anyway: whatever refuses it sooner (a revocation) must last until then. */
export const acceptedUntil = (expiresAt: string) => new Date(Date.parse(expiresAt) + clockToleranceSeconds * 1000).toISOString();

const unauthorized = () => new HitchError('unauthorized', 'The widget token is missing, expired or not valid.');

/**
 * Verifies a widget token the way the contract lists: EdDSA only, typ, iss, aud, exp (60 s
 * tolerance), a known kid, the customer still exists, the token not revoked, and the Origin.
 */
export async function verifyWidgetToken(deps: AppDeps, token: string, origin: string | undefined): Promise<WidgetActor> {
  const payload = await verifiedPayload(deps, token);
  const { sub: customerId, jti: tokenId, iat, exp } = payload as Required<typeof payload>;
  const [customer, revoked] = await Promise.all([deps.store.customers.get(customerId), deps.store.tokens.isRevoked(tokenId)]);
  if (!customer || revoked || !(await sameGeneration(deps, payload, customer, iat))) throw unauthorized();
  const origins = stringArray(payload.origins);
  if (origins && origin !== undefined && !origins.includes(origin)) throw unauthorized();
  return {
    kind: 'widget',
    customerId,
    tokenId,
    expiresAt: new Date(exp * 1000).toISOString(),
    scopes: parseScopes(payload.scope),
    ...(typeof payload.uid === 'string' ? { userId: payload.uid } : {}),
    ...(stringArray(payload.integrations) ? { integrations: stringArray(payload.integrations) } : {}),
    ...(origins ? { origins } : {}),
  };
}

/**
 * Whether the token was minted for this incarnation of the customer. Tokens minted before the
 * `gen` claim existed (24 h at most) fall back to the deletion cutoff, at second granularity.
 */
async function sameGeneration(deps: AppDeps, payload: JWTPayload, customer: CustomerRecord, iat: number): Promise<boolean> {
  if (typeof payload.gen === 'string') return payload.gen === customerGeneration(customer);
  const cutoff = await deps.store.tokens.cutoffFor(customer.id);
  return cutoff === undefined || iat * 1000 > cutoff;
}

/** One cache of verified tokens per server (per set of signing keys). */
const verifiedBySigningKeys = new WeakMap<object, VerifiedTokens>();

/** The claims of a token whose signature and fixed claims check out; the signature is checked once per token. */
async function verifiedPayload(deps: AppDeps, token: string): Promise<JWTPayload> {
  let verified = verifiedBySigningKeys.get(deps.signingKeys);
  if (!verified) verifiedBySigningKeys.set(deps.signingKeys, (verified = new VerifiedTokens()));
  const known = verified.get(token);
  if (known) {
    const expired = (known.payload.exp ?? 0) <= deps.clock.now() / 1000 - clockToleranceSeconds;
    if (expired || !deps.signingKeys.verificationKey(known.kid)) throw unauthorized();
    return known.payload;
  }
  try {
    const { payload, protectedHeader } = await jwtVerify(
      token,
      (header) => {
        const key = header.kid ? deps.signingKeys.verificationKey(header.kid) : undefined;
        if (!key) throw unauthorized();
        return key;
      },
      {
        algorithms: ['EdDSA'],
        typ: widgetTokenType,
        issuer: deps.config.publicUrl,
        audience: widgetAudience,
        clockTolerance: clockToleranceSeconds,
        currentDate: new Date(deps.clock.now()),
        requiredClaims: ['sub', 'jti', 'iat', 'exp'],
      },
    );
    verified.remember(token, { payload, kid: protectedHeader.kid! });
    return payload;
  } catch (error) {
    if (error instanceof HitchError || error instanceof joseErrors.JOSEError) throw unauthorized();
    throw error;
  }
}

function parseScopes(scope: unknown): WidgetScope[] {
  if (typeof scope !== 'string') return defaultWidgetScopes;
  return scope.split(' ').filter((item): item is WidgetScope => (widgetScopes as readonly string[]).includes(item));
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}
