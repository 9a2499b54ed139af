import type { Connection, Event, Page, WidgetSession } from '../../server/schemas/index.ts';
import type { TokenSource } from './token-source.ts';

export interface FieldError {
  path: string;
  message: string;
}

/** A failed request: `code` from the problem JSON, or `network_error`. */
export class HitchApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}

/** What to show for a failure: the server's message, or `networkText` when the server was not reached. */
export function failureText(error: unknown, networkText: string): string {
  if (!(error instanceof HitchApiError)) return String(error);
  return error.code === 'network_error' ? networkText : error.message;
}

export interface OAuthStart {
  attemptId: string;
  /** Hitch's popup page: it asks for `browserKey`, binds the browser, then goes on to the provider. */
  authorizeUrl: string;
  browserKey: string;
  expiresAt: string;
}

export interface OAuthAttempt {
  status: 'pending' | 'succeeded' | 'failed';
  connectionId?: string;
  /** A stable code: the provider's (`access_denied`) or Hitch's (`expired`, …). */
  error?: string;
  errorDescription?: string;
}

/** `connectionId` reconnects (the connection keeps its id, label and fields). */
export type OAuthStartBody = { label?: string; fields?: Record<string, string>; connectionId?: string };

/** The widget API of one Hitch server. A 401 gets one token refresh and one retry. */
export class WidgetApi {
  constructor(
    readonly server: string,
    private readonly tokens: TokenSource,
  ) {}

  session = () => this.request<WidgetSession>('GET', '/session');
  createConnection = (body: { integration: string; label?: string; credentials: Record<string, string> }) =>
    this.request<Connection>('POST', '/connections', body);
  renameConnection = (id: string, label: string) =>
    this.request<Connection>('PATCH', `/connections/${encodeURIComponent(id)}`, { label });
  deleteConnection = (id: string) => this.request<void>('DELETE', `/connections/${encodeURIComponent(id)}`);
  events = (limit = 20) => this.request<Page<Event>>('GET', `/events?limit=${limit}`);
  startOAuth = (integration: string, body: OAuthStartBody) =>
    this.request<OAuthStart>('POST', `/oauth/${encodeURIComponent(integration)}/start`, body);
  attempt = (id: string) => this.request<OAuthAttempt>('GET', `/oauth/attempts/${encodeURIComponent(id)}`);

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let token = await this.#token(() => this.tokens.get());
    let response = await this.#send(method, path, body, token);
    if (response.status === 401 && this.tokens.canRefresh) {
      token = await this.#token(() => this.tokens.refresh());
      response = await this.#send(method, path, body, token);
    }
    if (response.status === 204) return undefined as T;
    const data = await response.json().catch(() => ({}));
    if (response.ok) return data as T;
    throw new HitchApiError(data.code ?? 'internal', data.detail ?? response.statusText, response.status, data.errors);
  }

  // A provider that fails leaves the widget without a session
  async #token(get: () => Promise<string>): Promise<string> {
    try {
      return await get();
    } catch {
      throw new HitchApiError('unauthorized', 'No widget token', 401);
    }
  }

  async #send(method: string, path: string, body: unknown, token: string): Promise<Response> {
    try {
      return await fetch(`${this.server}/v1/widget${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch {
      throw new HitchApiError('network_error', 'The server could not be reached');
    }
  }
}
