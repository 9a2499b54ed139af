/**
 * "Example Co", the host app: its page embeds the widget by script tag, and its own small
 * backend holds the Hitch admin key, mints widget tokens and calls Acme CRM through the proxy.
 * A real app would check its user's session on each of these routes; the demo has one user.
 */
import { fileURLToPath } from 'node:url';
import express, { Router, type Response } from 'express';
import type { HitchAdminClient, HitchAnswer } from '../hitchAdminClient.ts';

export interface HostAppOptions {
  hitch: HitchAdminClient;
  customerId: string;
  integration: string;
  /** The page's origin, written into widget tokens (`origins`). */
  origin: string;
}

const publicDir = fileURLToPath(new URL('./public/', import.meta.url));

/** The page's policy: its own files only, no inline script (the widget's styles live in its shadow roots). */
const pageCsp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const send = (res: Response, answer: HitchAnswer) => void res.status(answer.status).json(answer.body ?? {});

export function hostAppRouter({ hitch, customerId, integration, origin }: HostAppOptions): Router {
  const router = Router();
  const proxy = (connectionId: string, path: string) => `/v1/customers/${customerId}/connections/${connectionId}/proxy${path}`;

  /** The customer's first active Acme connection, if any. */
  async function acmeConnection() {
    const listed = await hitch.call('GET', `/v1/customers/${customerId}/connections?integration=${integration}`);
    const connections = (listed.body as { data?: { id: string; label: string; status: string }[] }).data ?? [];
    return connections.find((connection) => connection.status === 'active');
  }

  router.use(express.static(publicDir, { setHeaders: (res) => res.setHeader('Content-Security-Policy', pageCsp) }));

  // The widget's tokenProvider calls this: a short-lived token for this customer, for this page's origin.
  router.post('/api/hitch-token', async (_req, res) => {
    const issued = await hitch.call('POST', `/v1/customers/${customerId}/tokens`, { ttlSeconds: 900, userId: 'demo-user', origins: [origin] });
    if (issued.status !== 201) return send(res, issued);
    res.set('Cache-Control', 'no-store').type('text/plain').send((issued.body as { token: string }).token);
  });

  router.get('/api/contacts', async (_req, res) => {
    const connection = await acmeConnection();
    if (!connection) return void res.json({ connection: null, contacts: [] });
    const answer = await hitch.call('GET', proxy(connection.id, '/contacts'));
    if (answer.status !== 200) return send(res, answer);
    res.json({ connection: { id: connection.id, label: connection.label }, contacts: (answer.body as { data: unknown[] }).data });
  });

  router.post('/api/contacts', express.json({ limit: '16kb' }), async (req, res) => {
    const connection = await acmeConnection();
    if (!connection) return void res.status(409).json({ error: 'Connect Acme CRM first.' });
    const { name, email } = (req.body ?? {}) as { name?: unknown; email?: unknown };
    send(res, await hitch.call('POST', proxy(connection.id, '/contacts'), { name, email }));
  });

  return router;
}
