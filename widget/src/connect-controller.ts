import type { ReactiveController, ReactiveElement } from 'lit';
import type { Connection, WidgetIntegration, WidgetSession } from '../../server/schemas/index.ts';
import type { ConnectActions } from './actions.ts';
import { HitchApiError, WidgetApi, failureText, type OAuthStartBody } from './api.ts';
import { HitchConnectedEvent, HitchDisconnectedEvent, HitchErrorEvent, HitchReadyEvent, HitchSessionExpiredEvent } from './events.ts';
import type { HitchConfirm } from './hitch-confirm.ts';
import type { HitchIntegrationList } from './hitch-integration-list.ts';
import type { OAuthPanelStatus } from './hitch-oauth-panel.ts';
import { OAuthFlow } from './oauth-flow.ts';
import { format, type HitchStrings } from './strings/index.ts';
import { TokenSource, type TokenProvider } from './token-source.ts';

export type Phase = 'loading' | 'ready' | 'error' | 'expired' | 'mismatch';
export type View =
  | { kind: 'list' }
  | { kind: 'form'; integration: WidgetIntegration }
  | { kind: 'oauth'; integration: WidgetIntegration; reconnect?: Connection; status: OAuthPanelStatus; detail?: string; flow: OAuthFlow };

/** What the controller reads from `<hitch-connect>`. */
export interface ConnectHost extends ReactiveElement {
  customerId: string;
  token: string;
  tokenProvider?: TokenProvider;
  oauthPollInterval: number;
  readonly serverUrl: string;
  readonly resolvedStrings: HitchStrings;
}

/**
 * The behaviour of `<hitch-connect>`: the token, the session, and every action against the widget
 * API, with the events they fire. The element renders `phase`, `view`, `session`, `notice` and `alert`.
 */
export class ConnectController implements ReactiveController {
  phase: Phase = 'loading';
  view: View = { kind: 'list' };
  session?: WidgetSession;
  /** Announced to screen readers. */
  notice = '';
  /** A failed action, shown above the list; or why the session could not be loaded. */
  alert = '';
  #api?: WidgetApi;
  #tokens?: TokenSource;
  #run = 0;

  constructor(private readonly host: ConnectHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#stop();
  }

  // A new token source and session; without a token it waits for one to be set
  start(): void {
    const { host } = this;
    this.#stop();
    this.#set({ phase: 'loading', alert: '' });
    if (!host.token && !host.tokenProvider) return;
    this.#tokens = new TokenSource(host.tokenProvider, host.token);
    this.#api = new WidgetApi(host.serverUrl, this.#tokens);
    this.#load(this.#run);
  }

  #stop(): void {
    this.#run++;
    this.#tokens?.dispose();
    if (this.view.kind === 'oauth') this.view.flow.cancel();
    this.view = { kind: 'list' };
  }

  #set(patch: Partial<Pick<ConnectController, 'phase' | 'view' | 'session' | 'notice' | 'alert'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }

  #emit(event: Event): void {
    this.host.dispatchEvent(event);
  }

  async #load(run: number): Promise<void> {
    try {
      const session = await this.#api!.session();
      if (run !== this.#run) return;
      const { customerId, resolvedStrings } = this.host;
      if (customerId && session.customer.id !== customerId) {
        this.#stop();
        this.#set({ phase: 'mismatch' });
        return this.#emit(new HitchErrorEvent('customer_mismatch', resolvedStrings.mismatch));
      }
      this.#set({ session, phase: 'ready' });
      await this.host.updateComplete;
      await this.#part<HitchIntegrationList>('hitch-integration-list')?.updateComplete;
      this.#emit(new HitchReadyEvent());
    } catch (error) {
      if (run === this.#run) this.#fail(error, 'page');
    }
  }

  // Refused token → expired state; anything else → an error event, and the error page or an alert
  #fail(error: unknown, show: 'page' | 'alert' | 'none' = 'alert'): void {
    const problem = error instanceof HitchApiError ? error : new HitchApiError('internal', String(error));
    if (problem.code === 'unauthorized') {
      if (this.phase !== 'expired') this.#emit(new HitchSessionExpiredEvent());
      this.#stop();
      return this.#set({ phase: 'expired' });
    }
    this.#emit(new HitchErrorEvent(problem.code, problem.message));
    const alert = failureText(problem, this.host.resolvedStrings.networkError);
    if (show !== 'none') this.#set({ alert, ...(show === 'page' ? { phase: 'error' } : {}) });
  }

  #part<T extends Element>(selector: string): T | null {
    return this.host.renderRoot.querySelector<T>(selector);
  }

  async #focus(key: string, connectionId?: string): Promise<void> {
    await this.host.updateComplete;
    await this.#part<HitchIntegrationList>('hitch-integration-list')?.focusItem(key, connectionId);
  }

  // A changed account keeps its place; a new one goes last
  #saved(connection: Connection, announce: string): void {
    const { connections } = this.session!;
    const updated = connections.some((c) => c.id === connection.id)
      ? connections.map((c) => (c.id === connection.id ? connection : c))
      : [...connections, connection];
    this.#set({ session: { ...this.session!, connections: updated }, notice: format(announce, { label: connection.label }) });
    this.#part<HTMLElement & { load(): void }>('hitch-activity-list')?.load();
  }

  #connected(connection: Connection): void {
    this.#saved(connection, this.host.resolvedStrings.connected);
    this.#set({ view: { kind: 'list' } });
    this.#emit(new HitchConnectedEvent(connection));
    this.#focus(connection.integration, connection.id);
  }

  // Failed writes fire hitch-error here; the part that asked shows the error beside its input
  #reported = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error) => {
      this.#fail(error, 'none');
      throw error;
    });

  readonly actions: ConnectActions = {
    connect: (integration, reconnect) => {
      this.#set({ alert: '' });
      // OAuth asks for its fields (a shop's domain, say) first; a reconnect reuses the connection's
      if (integration.authType === 'oauth2' && (reconnect || !integration.fields?.length)) {
        return this.#connectOAuth(integration, reconnect ? { connectionId: reconnect.id } : {}, reconnect);
      }
      this.#set({ view: { kind: 'form', integration } });
      this.host.updateComplete.then(() => this.#part<HTMLElement>('hitch-credentials-form')?.focus());
    },
    createConnection: async (integration, label, credentials) => {
      const body = { integration: integration.key, label: label || undefined, credentials };
      this.#connected(await this.#reported(this.#api!.createConnection(body)));
    },
    authorize: (integration, label, fields) => this.#connectOAuth(integration, { label: label || undefined, fields }),
    rename: async (connection, label) => {
      const renamed = await this.#reported(this.#api!.renameConnection(connection.id, label));
      this.#saved(renamed, this.host.resolvedStrings.renamed);
    },
    disconnect: (connection) => this.#disconnect(connection),
    openPopup: () => {
      const view = this.view;
      if (view.kind === 'oauth') this.#set({ view: { ...view, status: view.flow.open() ? 'waiting' : 'blocked' } });
    },
    back: () => {
      const view = this.view;
      if (view.kind === 'oauth') view.flow.cancel();
      this.#set({ view: { kind: 'list' } });
      if (view.kind !== 'list') this.#focus(view.integration.key);
    },
    loadActivity: async () => {
      const page = await this.#api!.events(20).catch((error) => {
        if (error.code === 'unauthorized') this.#fail(error, 'none');
        throw error;
      });
      return page.data;
    },
  };

  // The popup opens inside the click; the attempt starts after, and the flow navigates the popup
  #connectOAuth(integration: WidgetIntegration, body: OAuthStartBody, reconnect?: Connection): void {
    if (this.view.kind === 'oauth') this.view.flow.cancel();
    const flow = new OAuthFlow(this.#api!, this.host.oauthPollInterval);
    const show = (status: OAuthPanelStatus, detail?: string) =>
      this.#set({ view: { kind: 'oauth', integration, reconnect, status, detail, flow } });
    const current = () => this.view.kind === 'oauth' && this.view.flow === flow;
    show(flow.open() ? 'waiting' : 'blocked');
    this.host.updateComplete.then(() => this.#part<HTMLElement>('hitch-oauth-panel')?.focus());
    flow
      .start(integration.key, body)
      .then(() => flow.result)
      .then(async (outcome) => {
        if (!current()) return;
        if (outcome.status === 'succeeded') {
          // The attempt names the connection; the session has it as the widget shows connections
          const session = await this.#api!.session();
          const connection = session.connections.find((c) => c.id === outcome.connectionId);
          if (!current()) return;
          if (!connection) return show('failed');
          this.#set({ session });
          return this.#connected(connection);
        }
        if (outcome.status === 'timeout') return show('timeout');
        if (outcome.error === 'unauthorized') throw new HitchApiError('unauthorized', '');
        this.#emit(new HitchErrorEvent('oauth_failed', outcome.description ?? outcome.error));
        show('failed', outcome.description);
      })
      .catch((error) => {
        if (!current()) return;
        this.#fail(error, 'none');
        if (this.view.kind === 'oauth') show('failed', failureText(error, this.host.resolvedStrings.networkError));
      });
  }

  async #disconnect(connection: Connection): Promise<void> {
    const s = this.host.resolvedStrings;
    this.#set({ alert: '' });
    const dialog = this.#part<HitchConfirm>('hitch-confirm')!;
    if (!(await dialog.ask(format(s.confirmTitle, { label: connection.label }), s.confirmBody, s.disconnect))) return;
    try {
      await this.#api!.deleteConnection(connection.id);
    } catch (error) {
      return this.#fail(error);
    }
    const connections = this.session!.connections.filter((c) => c.id !== connection.id);
    this.#set({ session: { ...this.session!, connections }, notice: format(s.disconnected, { label: connection.label }) });
    this.#emit(new HitchDisconnectedEvent(connection.id));
    this.#focus(connection.integration);
  }
}
