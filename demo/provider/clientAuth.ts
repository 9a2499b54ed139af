/**
 * Client authentication at the token and revocation endpoints (RFC 6749 §2.3.1): HTTP Basic
 * (`client_secret_basic`) or `client_id` + `client_secret` in the form body (`client_secret_post`),
 * never both.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

export interface RegisteredClient {
  id: string;
  secret: string;
  name: string;
  /** Exact redirect URIs allowed; undefined admits any absolute http(s) URI (a demo convenience). */
  redirectUris?: string[];
}

export type ClientAuthResult =
  | { ok: true; client: RegisteredClient }
  | { ok: false; error: 'invalid_request' | 'invalid_client'; description: string };

/** Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1). */
const formDecode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));

function credentialsFrom(req: Request): { id?: string; secret?: string; methods: number } | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const bodyId = typeof body.client_id === 'string' ? body.client_id : undefined;
  const bodySecret = typeof body.client_secret === 'string' ? body.client_secret : undefined;
  const header = req.get('authorization');
  if (!header?.toLowerCase().startsWith('basic ')) return { id: bodyId, secret: bodySecret, methods: bodySecret ? 1 : 0 };
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    const id = formDecode(decoded.slice(0, colon));
    if (bodyId !== undefined && bodyId !== id) return undefined;
    return { id, secret: formDecode(decoded.slice(colon + 1)), methods: bodySecret ? 2 : 1 };
  } catch {
    return undefined; // malformed percent-encoding
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Constant-time comparison, whatever the lengths. */
const sameSecret = (given: string, expected: string) => timingSafeEqual(digest(given), digest(expected));

export function authenticateClient(req: Request, clients: ReadonlyMap<string, RegisteredClient>): ClientAuthResult {
  const credentials = credentialsFrom(req);
  if (!credentials) return { ok: false, error: 'invalid_client', description: 'Malformed client credentials.' };
  if (credentials.methods > 1) {
    return { ok: false, error: 'invalid_request', description: 'Use one client authentication method, not two.' };
  }
  const client = credentials.id === undefined ? undefined : clients.get(credentials.id);
  if (!client || credentials.secret === undefined || !sameSecret(credentials.secret, client.secret)) {
    return { ok: false, error: 'invalid_client', description: 'Client authentication failed.' };
  }
  return { ok: true, client };
}
