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
 * Wraps an authentication middleware against brute force. Every credential is checked; one that
 * fails and was a guess is counted for the address, and past the limit in the window the address's
 * guesses are answered 429 instead of 401. A valid credential is let through whatever the count:
 * admin keys and widget tokens cannot be guessed, so a count of guesses only ever measures the
 * guesser, and refusing the good key too would let anyone sharing the address (an office, the
 * host app's own server) be locked out by someone else's forged tokens. Counting after the check
 * is one synchronous step per failure, so racing guesses never pass the limit.
 */
export function guardAuthentication(authenticate: RequestHandler, deps: AppDeps, isGuess: GuessTest): RequestHandler {
  return async (req, res, next) => {
    let authenticated = false;
    try {
      await authenticate(req, res, () => void (authenticated = true));
    } catch (error) {
      const token = bearerToken(req);
      if (token && error instanceof HitchError && error.code === 'unauthorized' && (await isGuess(deps, token))) {
        await recordGuess(deps, req, clientIp(req));
      }
      throw error;
    }
    if (authenticated) next();
  };
}

/** Past the limit, a guess is refused as such (429) rather than answered like a wrong credential. */
function refuseGuessing(deps: AppDeps, resetsAt: number): HitchError {
  const retryAfter = secondsUntil(resetsAt, deps.clock.now());
  return new HitchError('rate_limited', `Too many failed authentication attempts from this address. Try again in ${retryAfter} seconds.`, {
    retryAfter,
    reason: 'authFailures',
  });
}

/**
 * Counts a guess; throws the 429 for one past the limit. The one that reaches the limit is
 * logged and audited once per window.
 */
async function recordGuess(deps: AppDeps, req: Request, ip: string): Promise<void> {
  const count = deps.rateLimits.authFailures.add(ip);
  const { resetsAt } = deps.rateLimits.authFailures.peek(ip);
  if (count > deps.config.authFailureLimit) throw refuseGuessing(deps, resetsAt);
  if (count !== deps.config.authFailureLimit) return;
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
