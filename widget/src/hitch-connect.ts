import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ConnectController } from './connect-controller.ts';
import { connectStyles } from './hitch-connect.styles.ts';
import { scriptOrigin } from './script-origin.ts';
import { resolveStrings, type HitchStrings } from './strings/index.ts';
import { controls, theme } from './styles.ts';
import type { TokenProvider } from './token-source.ts';

/**
 * @summary Lets a customer's users connect, reconnect, rename and disconnect their accounts, and see recent activity.
 *
 * @event hitch-ready - The session loaded and the list is shown.
 * @event hitch-connected - `{ connection }`: an account was connected or reconnected.
 * @event hitch-disconnected - `{ connectionId }`: an account was disconnected.
 * @event hitch-error - `{ code, message }`: a request failed (`code` from the API, or `network_error`, `customer_mismatch`, `oauth_failed`).
 * @event hitch-session-expired - No valid token: refused after one refresh, or the provider failed.
 *
 * @csspart base, title, message, skeleton, list, integration, logo, name, description, status,
 *   connect-button, connection, connection-label, button, input, form, field, field-error, oauth, dialog,
 *   activity, activity-item - See docs/WIDGET.md.
 *
 * @cssproperty --hitch-color-background, --hitch-color-surface, --hitch-color-text, --hitch-color-text-muted,
 *   --hitch-color-border, --hitch-color-primary, --hitch-color-on-primary, --hitch-color-danger,
 *   --hitch-color-success, --hitch-color-warning, --hitch-color-focus, --hitch-font-family, --hitch-font-size,
 *   --hitch-radius, --hitch-spacing, --hitch-density - See docs/WIDGET.md.
 */
export class HitchConnect extends LitElement {
  static styles = [theme, controls, connectStyles];

  /** Must match the token's customer (`sub`); a mismatch is an error state. */
  @property({ attribute: 'customer-id' }) customerId = '';
  /** Base URL of the Hitch server. Default: the origin the script was loaded from. */
  @property() server = '';
  /** A static widget token, when there is no `tokenProvider`. */
  @property() token = '';
  /** Comma-separated integration keys to show (default: all the token allows). */
  @property() integrations = '';
  /** BCP 47 language tag; built in: `en`, `de`. Default: the document's `lang`. */
  @property() locale = '';
  /** Color scheme: `light`, `dark`, or `auto` (follows the operating system). */
  @property({ reflect: true }) theme: 'light' | 'dark' | 'auto' = 'light';
  /** Returns a fresh token; called at start, shortly before expiry, and once after a 401. */
  @property({ attribute: false }) tokenProvider?: TokenProvider;
  /** Overrides for any built-in text. */
  @property({ attribute: false }) strings: Partial<HitchStrings> = {};
  /** How often (ms) an open OAuth attempt is polled. */
  @property({ type: Number, attribute: false }) oauthPollInterval = 2000;

  @state() private activityOpen = false;
  #controller = new ConnectController(this);

  /** The strings in use: the locale's built-ins with `strings` on top. */
  get resolvedStrings(): HitchStrings {
    return resolveStrings(this.#locale, this.strings);
  }

  /** The Hitch server in use. */
  get serverUrl(): string {
    return (this.server || scriptOrigin).replace(/\/+$/, '');
  }

  get #locale(): string {
    return this.locale || document.documentElement.lang || 'en';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.#controller.start();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (['customerId', 'server', 'token', 'tokenProvider'].some((key) => changed.has(key))) this.#controller.start();
  }

  render() {
    const s = this.resolvedStrings;
    return html`<div class="base" part="base" aria-busy=${this.#controller.phase === 'loading' ? 'true' : 'false'}>
      <h2 part="title">${s.title}</h2>
      ${this.renderBody(s)}
    </div>
    <div class="sr-only" role="status">${this.#controller.notice}</div>
    <hitch-confirm exportparts="dialog, button" .strings=${s}></hitch-confirm>`;
  }

  private renderBody(s: HitchStrings) {
    const { phase, view, session, actions } = this.#controller;
    const retry = html`<button part="button" class="primary" @click=${() => this.#controller.start()}>${s.retry}</button>`;
    if (phase === 'loading')
      return html`<div class="skeleton" part="skeleton"><span></span><span></span><span></span></div>
        <span class="sr-only">${s.loading}</span>`;
    if (phase === 'error') return this.renderMessage(s.loadFailed, retry, 'alert', this.#controller.alert);
    if (phase === 'mismatch') return this.renderMessage(s.mismatch, nothing, 'alert');
    // Without a provider only the host page can mint a new token
    const reload = html`<button part="button" class="primary" @click=${() => location.reload()}>${s.reload}</button>`;
    if (phase === 'expired') return this.renderMessage(s.expired, this.tokenProvider ? retry : reload, 'alert');
    if (view.kind === 'form')
      return html`<hitch-credentials-form exportparts="form, field, input, field-error, button"
        .integration=${view.integration} .strings=${s} .actions=${actions}></hitch-credentials-form>`;
    if (view.kind === 'oauth')
      return html`<hitch-oauth-panel exportparts="oauth, button" .integration=${view.integration} .reconnect=${view.reconnect}
        .status=${view.status} .detail=${view.detail ?? ''} .strings=${s} .actions=${actions}></hitch-oauth-panel>`;
    const filter = this.integrations.split(',').map((key) => key.trim()).filter(Boolean);
    const integrations = session!.integrations.filter((i) => !filter.length || filter.includes(i.key));
    return html`<p class="alert" role="alert" ?hidden=${!this.#controller.alert}>${this.#controller.alert}</p>
      ${integrations.length
        ? html`<hitch-integration-list
            exportparts="list, integration, logo, name, description, status, connect-button, connection, connection-label, button, input"
            .integrations=${integrations} .connections=${session!.connections} .strings=${s}
            ?writable=${session!.scopes.includes('connections:write')} .actions=${actions}></hitch-integration-list>`
        : this.renderMessage(s.empty, nothing)}
      ${session!.scopes.includes('activity:read') ? this.renderActivity(s) : nothing}`;
  }

  private renderActivity(s: HitchStrings) {
    return html`<details part="activity" @toggle=${(e: Event) => (this.activityOpen = (e.target as HTMLDetailsElement).open)}>
      <summary>${s.activity}</summary>
      ${this.activityOpen
        ? html`<hitch-activity-list exportparts="activity-item, button" .strings=${s} .actions=${this.#controller.actions}
            .integrations=${this.#controller.session!.integrations} locale=${this.#locale}></hitch-activity-list>`
        : nothing}
    </details>`;
  }

  private renderMessage(text: string, action: unknown, role = 'status', detail = '') {
    return html`<div class="message" part="message">
      <p role=${role}>${text}</p>
      ${detail ? html`<p class="muted">${detail}</p>` : nothing}${action}
    </div>`;
  }
}
