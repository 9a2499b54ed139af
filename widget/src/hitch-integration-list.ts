import { LitElement, html, css, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Connection, WidgetIntegration } from '../../server/schemas/index.ts';
import type { ConnectActions } from './actions.ts';
import type { HitchConnectionRow } from './hitch-connection-row.ts';
import { format, type HitchStrings } from './strings/index.ts';
import { controls } from './styles.ts';

/**
 * @summary The integrations a customer may connect, each with its accounts.
 *
 * A part of `<hitch-connect>`, which sets every property.
 *
 * @csspart list - The list.
 * @csspart integration - One integration.
 * @csspart logo - Its logo, or the initial when it has none.
 * @csspart name - Its name.
 * @csspart description - Its description.
 * @csspart status - The status badge (also on each account).
 * @csspart connect-button - The Connect / Add account button.
 * @csspart connection, connection-label, button, input - Forwarded from each `<hitch-connection-row>`.
 */
export class HitchIntegrationList extends LitElement {
  static styles = [
    controls,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: var(--_space);
      }
      li {
        display: grid;
        grid-template-columns: auto 1fr auto;
        gap: 0 calc(var(--_space) * 1.5);
        padding: calc(var(--_space) * 1.5);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_surface);
      }
      .logo {
        width: 2.5rem;
        height: 2.5rem;
        border-radius: calc(var(--_radius) * 0.75);
        object-fit: contain;
        display: grid;
        place-items: center;
        background: var(--_bg);
        border: 1px solid var(--_border);
        font-weight: 700;
        font-size: 1.125em;
      }
      h3 {
        margin: 0;
        font-size: 1em;
      }
      p {
        margin: 0;
      }
      .accounts {
        grid-column: 1 / -1;
        margin-top: calc(var(--_space) * 1.5);
        border-top: 1px solid var(--_border);
      }
      hitch-connection-row + hitch-connection-row {
        border-top: 1px solid var(--_border);
      }
    `,
  ];

  /** The integrations to show, in order. */
  @property({ attribute: false }) integrations: WidgetIntegration[] = [];
  /** All of the customer's connections. */
  @property({ attribute: false }) connections: Connection[] = [];
  /** Resolved strings. */
  @property({ attribute: false }) strings!: HitchStrings;
  /** Whether the token may change connections. */
  @property({ type: Boolean }) writable = false;
  /** The host element's actions. */
  @property({ attribute: false }) actions!: ConnectActions;

  /** Focuses an integration's connect button, or a given account's row. */
  async focusItem(key: string, connectionId?: string): Promise<void> {
    await this.updateComplete;
    const item = this.renderRoot.querySelector(`[data-key="${key}"]`);
    const row = connectionId && item?.querySelector<HitchConnectionRow>(`[data-id="${CSS.escape(connectionId)}"]`);
    if (row) row.focus();
    else item?.querySelector('button')?.focus();
  }

  render() {
    return html`<ul part="list">
      ${repeat(this.integrations, (i) => i.key, (i) => this.renderItem(i))}
    </ul>`;
  }

  private renderItem(integration: WidgetIntegration) {
    const s = this.strings;
    const accounts = this.connections.filter((c) => c.integration === integration.key);
    const status = accounts.some((c) => c.status !== 'active') ? 'error' : accounts.length ? 'active' : '';
    const values = { name: integration.name };
    return html`<li part="integration" data-key=${integration.key}>
      ${integration.logoUrl
        ? html`<img class="logo" part="logo" src=${integration.logoUrl} alt="" />`
        : html`<span class="logo" part="logo" aria-hidden="true">${integration.name.charAt(0)}</span>`}
      <div>
        <h3 id="name-${integration.key}" part="name">${integration.name}</h3>
        ${integration.description ? html`<p class="muted" part="description">${integration.description}</p>` : nothing}
        <p class="row">
          <span class="badge ${status || 'muted'}" part="status">${status ? s[status] : s.notConnected}</span>
          ${accounts.length > 1 ? html`<span class="muted">${format(s.accounts, { count: accounts.length })}</span>` : nothing}
        </p>
      </div>
      <div>
        <button part="connect-button" class=${accounts.length ? '' : 'primary'} ?hidden=${!this.writable}
          aria-label=${format(accounts.length ? s.addAccountTo : s.connectTo, values)}
          @click=${() => this.actions.connect(integration)}>
          ${accounts.length ? s.addAccount : s.connect}
        </button>
      </div>
      ${accounts.length
        ? html`<div class="accounts" role="group" aria-labelledby="name-${integration.key}">
            ${repeat(accounts, (c) => c.id, (c) => html`<hitch-connection-row data-id=${c.id}
              exportparts="connection, connection-label, status, button, input"
              .connection=${c} .integration=${integration} .strings=${s} ?writable=${this.writable}
              .actions=${this.actions}></hitch-connection-row>`)}
          </div>`
        : nothing}
    </li>`;
  }
}
