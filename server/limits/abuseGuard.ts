import type { Request, RequestHandler, Response } from 'express';
import { compactVerify } from 'jose';
import { bearerToken } from '../auth/bearer.ts';
import type { AppDeps } from '../deps.ts';
import { HitchError } from '../errors.ts';
import { clientIp } from '../http/clientIp.ts';
import { newId } from '../ids.ts';
import { rateLimitHeaders } from './requestRateLimit.ts';
import { secondsUntil } from './utcWindows.ts';

type GuessTest = (deps: AppDeps, token: string) => Promise<boolean>;

/** Any admin key that did not authenticate was a guess. */
export const anyFailure: GuessTest = async () => true;

/**
 * A widget token counts as a guess only when no Hitch key signed it: an expired or revoked token
 * is a real one arriving late (many browsers behind one office address), not an attack.
 */
export const notSignedByHitch: GuessTest = async (deps, token) => {
  try {
    await compactVerify(token, (header) => deps.signingKeys.verificationKey(header.kid ?? '') ?? Promise.reject(new Error('unknown kid')), {
      algorithms: ['EdDSA'],
    });
    return false;
  } catch {
    return true;
  }
};

/**
 * Wraps an authentication middleware against brute force: an address with too many guessed
 * credentials in the window is refused (429) before its credential is even looked at, so
 * guessing cannot go on, while other addresses are unaffected. Admin keys are looked up in
 * memory without I/O, so racing guesses are counted one by one and never more than the limit
 * are tried; widget signatures are checked off-thread, so a burst of forged tokens can pass the
 * count by those in flight, which is harmless: an Ed25519 signature cannot be guessed.
 */
export function guardAuthentication(authenticate: RequestHandler, deps: AppDeps, isGuess: GuessTest): RequestHandler {
  return async (req, res, next) => {
    const ip = clientIp(req);
    assertNotBlocked(deps, ip);
    let authenticated = false;
    try {
      await authenticate(req, res, () => void (authenticated = true));
    } catch (error) {
      const token = bearerToken(req);
      if (token && error instanceof HitchError && error.code === 'unauthorized' && (await isGuess(deps, token))) {
        await recordGuess(deps, req, ip);
      }
      throw error;
    }
    if (authenticated) next();
  };
}

function assertNotBlocked(deps: AppDeps, ip: string): void {
  const { used, resetsAt } = deps.rateLimits.authFailures.peek(ip);
  if (used < deps.config.authFailureLimit) return;
  const retryAfter = secondsUntil(resetsAt, deps.clock.now());
  throw new HitchError('rate_limited', `Too many failed authentication attempts from this address. Try again in ${retryAfter} seconds.`, {
    retryAfter,
    reason: 'authFailures',
  });
}

/** Counts a guess; the one that reaches the limit is logged and audited once per window. */
async function recordGuess(deps: AppDeps, req: Request, ip: string): Promise<void> {
  const count = deps.rateLimits.authFailures.add(ip);
  if (count !== deps.config.authFailureLimit) return;
  const { resetsAt } = deps.rateLimits.authFailures.peek(ip);
  const until = new Date(resetsAt).toISOString();
  deps.logger.warn('authentication blocked', { ip, until });
  await deps.store.audit.append({
    id: newId('aud'),
    timestamp: new Date(deps.clock.now()).toISOString(),
    user: 'anonymous',
    action: 'auth.block',
    resource: `ip/${ip}`,
    outcome: 'failure',
    ip,
    detail: `${count} failed authentications (last: ${req.method} ${req.path}); refused until ${until}`,
  });
}

/** Counts a widget token minted by this address; refuses past `HITCH_TOKEN_ISSUE_LIMIT` a minute. */
export function admitTokenIssue(deps: AppDeps, req: Request, res: Response): void {
  const quota = deps.config.tokenIssueLimit;
  const window = deps.rateLimits.tokenIssues.take(clientIp(req), quota);
  const now = deps.clock.now();
  res.set(rateLimitHeaders('tokens', quota, window.used, window.resetsAt, now));
  if (window.allowed) return;
  const retryAfter = secondsUntil(window.resetsAt, now);
  throw new HitchError('rate_limited', `Too many widget tokens requested from this address. Try again in ${retryAfter} seconds.`, {
    retryAfter,
    reason: 'tokenIssue',
  });
}
