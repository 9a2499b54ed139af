import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../config.ts';
import { hashSecret } from '../crypto/hashSecret.ts';
import type { OAuthAttemptRecord } from '../store/records.ts';

/*
 * An attempt is bound to the browser that started it, so a sign-in link passed to someone else
 * cannot put their account into the starter's customer: the widget hands its popup a key (by
 * `postMessage`, never in a URL), the popup trades it for a cookie on Hitch's origin, and the
 * callback requires that cookie.
 */

/** The page the widget opens in its popup; it binds the browser, then goes on to the provider. */
export const popupUrlFor = (config: Pick<Config, 'publicUrl'>, attemptId: string) => `${config.publicUrl}/oauth/authorize/${attemptId}`;

const cookieName = (attemptId: string) => `hitch_oauth_${attemptId}`;

/** `Set-Cookie` for a bound browser: only for Hitch's OAuth pages, never readable by script. */
export function bindingCookie(config: Pick<Config, 'publicUrl'>, attempt: OAuthAttemptRecord, value: string, nowMs: number): string {
  const maxAge = Math.max(0, Math.ceil((Date.parse(attempt.expiresAt) - nowMs) / 1000));
  return serializeCookie(config, cookieName(attempt.id), value, maxAge);
}

/** `Set-Cookie` that removes the binding once the callback has used it. */
export const expiredBindingCookie = (config: Pick<Config, 'publicUrl'>, attemptId: string) => serializeCookie(config, cookieName(attemptId), '', 0);

/** Whether the `Cookie` header holds the binding recorded for the attempt. */
export function isBoundBrowser(attempt: OAuthAttemptRecord, cookieHeader: string | undefined): boolean {
  const presented = cookieValue(cookieHeader, cookieName(attempt.id));
  if (!presented || !attempt.browserBindingHash) return false;
  const [expected, given] = [attempt.browserBindingHash, hashSecret(presented)].map((hex) => Buffer.from(hex, 'hex'));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function serializeCookie(config: Pick<Config, 'publicUrl'>, name: string, value: string, maxAge: number): string {
  const { pathname, protocol } = new URL(config.publicUrl);
  const path = `${pathname.replace(/\/+$/, '')}/oauth`;
  // Lax: the provider's redirect back is a top-level navigation, so the cookie comes along
  return `${name}=${value}; Path=${path}; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${protocol === 'https:' ? '; Secure' : ''}`;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(';') ?? []) {
    const separator = part.indexOf('=');
    if (separator > 0 && part.slice(0, separator).trim() === name) return part.slice(separator + 1).trim();
  }
  return undefined;
}
