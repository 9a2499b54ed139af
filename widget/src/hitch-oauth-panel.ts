import { LitElement, html, css, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { Connection, WidgetIntegration } from '../../server/schemas/index.ts';
import type { ConnectActions } from './actions.ts';
import { format, type HitchStrings } from './strings/index.ts';
import { controls } from './styles.ts';

/** Where an OAuth attempt stands, as the panel shows it. */
export type OAuthPanelStatus = 'waiting' | 'blocked' | 'failed' | 'timeout';

/**
 * @summary What the user sees while an OAuth popup is open: waiting, blocked, failed or timed out.
 *
 * A blocked popup gets a button that opens it on a fresh click; a failed attempt gets Try again.
 * A part of `<hitch-connect>`, which sets every property.
 *
 * @csspart oauth - The panel.
 * @csspart button - Each button.
 */
export class HitchOAuthPanel extends LitElement {
  static styles = [
    controls,
    css`
      h3 {
        margin: 0 0 var(--_space);
        font-size: 1.0625em;
      }
      p {
        margin: 0 0 calc(var(--_space) * 2);
      }
      .row {
        justify-content: flex-end;
      }
    `,
  ];

  /** The integration being connected. */
  @property({ attribute: false }) integration!: WidgetIntegration;
  /** The account being reconnected, if any. */
  @property({ attribute: false }) reconnect?: Connection;
  /** Where the attempt stands. */
  @property() status: OAuthPanelStatus = 'waiting';
  /** Why it failed, when known. */
  @property() detail = '';
  /** Resolved strings. */
  @property({ attribute: false }) strings!: HitchStrings;
  /** The host element's actions. */
  @property({ attribute: false }) actions!: ConnectActions;

  override focus(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('button:last-of-type')?.focus();
  }

  render() {
    const s = this.strings;
    const values = { name: this.integration.name };
    const message = {
      waiting: s.oauthWaiting,
      blocked: s.oauthBlocked,
      failed: s.oauthFailed,
      timeout: s.oauthTimeout,
    }[this.status];
    const ended = this.status === 'failed' || this.status === 'timeout';
    return html`<section part="oauth" aria-labelledby="t">
      <h3 id="t">${format(s.formTitle, values)}</h3>
      <p role=${ended || this.status === 'blocked' ? 'alert' : 'status'}>${format(message, values)}</p>
      ${this.detail ? html`<p class="muted">${this.detail}</p>` : nothing}
      <div class="row">
        <button part="button" @click=${() => this.actions.back()}>${s.cancel}</button>
        ${ended
          ? html`<button part="button" class="primary" @click=${() => this.actions.connect(this.integration, this.reconnect)}>
              ${s.retry}
            </button>`
          : html`<button part="button" class=${this.status === 'blocked' ? 'primary' : ''} @click=${() => this.actions.openPopup()}>
              ${s.oauthOpen}
            </button>`}
      </div>
    </section>`;
  }
}
