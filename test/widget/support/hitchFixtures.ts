/**
 * The test runner's stand-in for a host app's backend: it starts a real Hitch server (and an
 * OAuth 2 provider), holds the admin key, and answers the browser under `/__hitch/` the way an
 * app's backend would — minting widget tokens, plus fixture routes to create customers,
 * connections and events, and to revoke tokens. Page code never sees the admin key.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Middleware } from '@web/dev-server-core';
import type { TestRunnerPlugin } from '@web/test-runner';
import type { ChromeLauncher } from '@web/test-runner-chrome';
import type { CDPSession } from 'puppeteer-core';
import { OAuth2Server } from 'oauth2-mock-server';
import { authorize, visit } from '../../helpers/oauthMock.ts';
import { fixtureIntegrations } from './integrations.ts';

import type { SpawnedHitch, spawnHitch } from '../../helpers/spawnHitch.ts';

/** Passed in, so the same fixtures could run against another way of starting Hitch. */
export type SpawnHitch = typeof spawnHitch;

interface Running {
  hitch: SpawnedHitch;
  provider: OAuth2Server;
}

async function readJson(req: IncomingMessage): Promise<Record<string, any>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

export function hitchFixtures(spawn: SpawnHitch): { plugin: TestRunnerPlugin; middleware: Middleware } {
  let running: Promise<Running> | undefined;
  const cdpSessions = new Map<string, Promise<CDPSession>>();

  const admin = async (method: string, path: string, body?: unknown) => {
    const { hitch } = await running!;
    const response = await fetch(hitch.url + path, {
      method,
      headers: { authorization: `Bearer ${hitch.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  const mintToken = (customer: string, options: Record<string, unknown> = {}) =>
    admin('POST', `/v1/customers/${encodeURIComponent(customer)}/tokens`, options);

  async function start(): Promise<Running> {
    const provider = new OAuth2Server();
    await provider.issuer.keys.generate('RS256');
    await provider.start(0, '127.0.0.1');
    const hitch = await spawn();
    running = Promise.resolve({ hitch, provider });
    for (const [key, integration] of Object.entries(fixtureIntegrations(provider.issuer.url!))) {
      await admin('PUT', `/v1/integrations/${key}`, integration);
    }
    return { hitch, provider };
  }

  // Each route: what a host app's backend (or a test's setup) would do with the admin key
  const routes: Record<string, (query: URLSearchParams, body: Record<string, any>) => Promise<unknown>> = {
    'GET /__hitch/config': async () => {
      const { hitch, provider } = await running!;
      return { server: hitch.url, provider: provider.issuer.url };
    },
    'POST /__hitch/customers': async (_query, body) => {
      const id = body.id ?? `c-${randomUUID().slice(0, 8)}`;
      return admin('POST', '/v1/customers', { id, name: body.name ?? `Customer ${id}` });
    },
    'POST /__hitch/tokens': async (_query, body) => {
      const { customer, ...options } = body;
      return mintToken(customer, options);
    },
    'POST /__hitch/revoke': async (_query, body) => admin('DELETE', `/v1/tokens/${encodeURIComponent(body.tokenId)}`),
    'POST /__hitch/connections': async (_query, body) => {
      const { customer, ...connection } = body;
      const { token } = await mintToken(customer);
      const response = await fetch(`${(await running!).hitch.url}/v1/widget/connections`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(connection),
      });
      if (response.status !== 201) throw new Error(`connection: ${response.status} ${await response.text()}`);
      return response.json();
    },
    'GET /__hitch/connections': async (query) =>
      admin('GET', `/v1/customers/${encodeURIComponent(query.get('customer')!)}/connections`),
    'POST /__hitch/integrations': async (_query, body) => {
      const { key, ...integration } = body;
      return admin('PUT', `/v1/integrations/${encodeURIComponent(key)}`, integration);
    },
    'POST /__hitch/integrations/delete': async (_query, body) => admin('DELETE', `/v1/integrations/${encodeURIComponent(body.key)}`),
    // The provider refuses the next authorization, as when the user clicks Deny
    'POST /__hitch/provider/deny-next': async () => {
      (await running!).provider.service.once('beforeAuthorizeRedirect', ({ url }: { url: URL }) => {
        url.searchParams.delete('code');
        url.searchParams.set('error', 'access_denied');
      });
      return true;
    },
    // The provider's next token answers, in order: `short` (expires in 30 s) or `refuse` (invalid_grant)
    'POST /__hitch/provider/token-answers': async (_query, body) => {
      const answers = [...(body.answers as ('short' | 'refuse')[])];
      const { service } = (await running!).provider;
      const answer = (response: { body: Record<string, unknown>; statusCode: number }) => {
        const next = answers.shift();
        if (next === 'short') response.body = { ...response.body, expires_in: 30 };
        if (next === 'refuse') Object.assign(response, { statusCode: 400, body: { error: 'invalid_grant' } });
        if (!answers.length) service.off('beforeResponse', answer);
      };
      service.on('beforeResponse', answer);
      return true;
    },
    // What a popup does once the widget has handed its page the attempt's key: binds the browser,
    // passes the provider's page and arrives at the callback (for tests whose popup is not real)
    'POST /__hitch/oauth/complete': async (_query, body) => {
      const page = await visit(await authorize({ attemptId: body.attemptId, authorizeUrl: body.authorizeUrl, browserKey: body.browserKey }));
      return { status: page.status };
    },
    // Reading credentials refreshes a token that expires within 60 s
    'POST /__hitch/credentials': async (_query, body) =>
      admin('GET', `/v1/customers/${encodeURIComponent(body.customer)}/connections/${encodeURIComponent(body.id)}/credentials`).then(
        () => ({ ok: true }),
        (error: Error) => ({ ok: false, error: error.message }),
      ),
    'POST /__hitch/events': async (_query, body) =>
      admin('POST', `/v1/customers/${encodeURIComponent(body.customer)}/events`, { name: body.name, payload: body.payload }),
  };

  const middleware: Middleware = async (ctx, next) => {
    if (!ctx.path.startsWith('/__hitch/')) return next();
    const route = routes[`${ctx.method} ${ctx.path}`];
    if (!route) return next();
    try {
      const body = ctx.method === 'POST' ? await readJson(ctx.req) : {};
      ctx.body = JSON.stringify((await route(new URLSearchParams(ctx.querystring), body)) ?? null);
      ctx.type = 'application/json';
    } catch (error) {
      ctx.status = 500;
      ctx.body = String((error as Error).message);
    }
  };

  const plugin: TestRunnerPlugin = {
    name: 'hitch-fixtures',
    async serverStart() {
      running = start();
      await running;
    },
    async serverStop() {
      const { hitch, provider } = await running!;
      await Promise.all([hitch.stop(), provider.stop()]);
    },
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('hitch-')) return undefined;
      if (!cdpSessions.has(session.id)) {
        const page = (session.browser as ChromeLauncher).getPage(session.id);
        cdpSessions.set(session.id, page.createCDPSession().then(async (cdp) => (await cdp.send('Network.enable'), cdp)));
      }
      const cdp = await cdpSessions.get(session.id)!;
      // Fails requests at the network boundary (Chromium's own blocking), as if the server were unreachable
      if (command === 'hitch-block-urls') await cdp.send('Network.setBlockedURLs', { urls: (payload as { urls: string[] }).urls });
      // Media features, forced-colors included (the stock emulateMedia command lacks it on Chrome)
      else if (command === 'hitch-emulate-media') await cdp.send('Emulation.setEmulatedMedia', payload as { features: { name: string; value: string }[] });
      else return undefined;
      return true;
    },
  };

  return { plugin, middleware };
}
