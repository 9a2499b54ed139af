import { OAuth2Server, type MutableRedirectUri, type MutableResponse } from 'oauth2-mock-server';
import type { IncomingMessage } from 'node:http';
import type { Client } from './http.ts';
import type { TestHitch } from './startTestHitch.ts';

/** A token request as the provider received it. */
export interface SeenTokenRequest {
  body: Record<string, string>;
  authorization?: string;
}

type TokenOverride = (request: SeenTokenRequest) => { statusCode: number; body: Record<string, unknown> } | undefined;

export interface MockProvider {
  server: OAuth2Server;
  issuer: string;
  tokenRequests: SeenTokenRequest[];
  /** Replace the answer of matching token requests (return undefined to keep the real one). */
  overrideTokens(override?: TokenOverride): void;
  /** Add RFC 9207 `iss` to every authorization response. */
  sendIssuer(iss: string | undefined): void;
  refreshRequests(): SeenTokenRequest[];
  close(): Promise<void>;
}

/** A real OAuth 2 server (oauth2-mock-server) on 127.0.0.1 that records what it is sent. */
export async function startMockProvider(): Promise<MockProvider> {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const tokenRequests: SeenTokenRequest[] = [];
  let override: TokenOverride | undefined;
  let iss: string | undefined;
  const seen = (req: IncomingMessage & { body?: unknown }): SeenTokenRequest => ({
    body: { ...(req.body as Record<string, string>) },
    authorization: req.headers.authorization,
  });
  server.service.on('beforeResponse', (response: MutableResponse, req: IncomingMessage) => {
    const request = seen(req);
    tokenRequests.push(request);
    const replaced = override?.(request);
    if (replaced) Object.assign(response, replaced);
  });
  server.service.on('beforeAuthorizeRedirect', (redirect: MutableRedirectUri) => {
    if (iss !== undefined) redirect.url.searchParams.set('iss', iss);
  });
  return {
    server,
    issuer: server.issuer.url!,
    tokenRequests,
    overrideTokens: (next) => void (override = next),
    sendIssuer: (next) => void (iss = next),
    refreshRequests: () => tokenRequests.filter((request) => request.body.grant_type === 'refresh_token'),
    close: () => server.stop(),
  };
}

/** Configures a custom OAuth 2 integration against the mock provider. */
export async function configureOAuthIntegration(hitch: TestHitch, key: string, provider: MockProvider, extra: Record<string, unknown> = {}) {
  const { oauth2: extraOAuth, ...rest } = extra as { oauth2?: Record<string, unknown> };
  const response = await hitch.admin.put(`/v1/integrations/${key}`, {
    name: `Mock ${key}`,
    authType: 'oauth2',
    oauth2: {
      authorizationUrl: `${provider.issuer}/authorize`,
      tokenUrl: `${provider.issuer}/token`,
      revocationUrl: `${provider.issuer}/revoke`,
      scopes: ['openid', 'contacts.read'],
      clientId: `client-${key}`,
      clientSecret: `secret-for-${key}-0123456789`,
      ...extraOAuth,
    },
    ...rest,
  });
  if (response.status >= 300) throw new Error(`configuring ${key}: ${response.status} ${response.text}`);
  return response.body;
}

export const testOrigin = 'https://app.example.test';

/** `POST …/oauth/:integration/start` as a browser on `testOrigin` would send it. */
export function startOAuth(widget: Client, integration: string, body: Record<string, unknown> = {}, origin = testOrigin) {
  return widget.post(`/v1/widget/oauth/${integration}/start`, body, { headers: { origin } });
}

export interface StartedAttempt {
  attemptId: string;
  authorizeUrl: string;
  browserKey: string;
}

/**
 * What Hitch's popup page does once the widget hands it the key: binds this "browser" to the
 * attempt. Returns the provider's authorize URL and the binding cookie.
 */
export async function bindBrowser(started: StartedAttempt): Promise<{ providerUrl: URL; cookie: string }> {
  const response = await fetch(started.authorizeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ key: started.browserKey }),
  });
  if (response.status !== 200) throw new Error(`binding answered ${response.status} ${await response.text()}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0];
  return { providerUrl: new URL(((await response.json()) as { url: string }).url), cookie };
}

/** The redirect back to Hitch, the cookie of the browser that was sent there, and where it went first. */
export interface Callback {
  url: URL;
  cookie: string;
  providerUrl: URL;
}

/** Binds, then follows the provider's authorize URL like a browser up to the redirect back to Hitch. */
export async function authorize(started: StartedAttempt): Promise<Callback> {
  const { providerUrl, cookie } = await bindBrowser(started);
  const response = await fetch(providerUrl, { redirect: 'manual' });
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`authorize answered ${response.status}`);
  return { url: new URL(location), cookie, providerUrl };
}

/** The browser arriving at the callback, with its cookie. */
export const visit = (callback: Callback, init: RequestInit = {}) =>
  fetch(callback.url, { ...init, headers: { cookie: callback.cookie, ...init.headers } });

/** Start, consent and callback: a whole successful flow. Returns the attempt and the callback page. */
export async function connectOAuth(hitch: TestHitch, widget: Client, integration: string, body: Record<string, unknown> = {}) {
  const started = await startOAuth(widget, integration, body);
  if (started.status !== 201) throw new Error(`start: ${started.status} ${started.text}`);
  const callback = await authorize(started.body);
  const page = await visit(callback);
  const attempt = await widget.get(`/v1/widget/oauth/attempts/${started.body.attemptId}`);
  return { started: started.body, callback, page, html: await page.text(), attempt: attempt.body };
}
