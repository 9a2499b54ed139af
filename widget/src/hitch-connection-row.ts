import { LitElement, html, css, nothing } from 'lit';
import { property, state, query } from 'lit/decorators.js';
import type { Connection, WidgetIntegration } from '../../server/schemas/index.ts';
import type { ConnectActions } from './actions.ts';
import { HitchApiError, failureText } from './api.ts';
import { format, type HitchStrings } from './strings/index.ts';
import { controls } from './styles.ts';

/**
 * @summary One connected account: its label, status, and the actions on it.
 *
 * A part of `<hitch-connect>`, which sets every property.
 *
 * @csspart connection - The row.
 * @csspart connection-label - The account's label.
 * @csspart status - The status badge.
 * @csspart button - Each button.
 * @csspart input - The label input while renaming.
 */
export class HitchConnectionRow extends LitElement {
  static styles = [
    controls,
    css`
      .item {
        justify-content: space-between;
        padding: var(--_space) 0;
      }
      .label {
        font-weight: 500;
        overflow-wrap: anywhere;
      }
      .reason {
        flex-basis: 100%;
        margin: 0;
        font-size: 0.875em;
      }
      button {
        min-height: calc(var(--_space) * 3.75);
        padding: 0 calc(var(--_space) * 1.25);
        font-size: 0.875em;
      }
      form {
        flex: 1;
      }
      input {
        flex: 1 1 10rem;
        width: auto;
      }
    `,
  ];

  /** The account shown. */
  @property({ attribute: false }) connection!: Connection;
  /** Its integration. */
  @property({ attribute: false }) integration!: WidgetIntegration;
  /** Resolved strings. */
  @property({ attribute: false }) strings!: HitchStrings;
  /** Whether the token may change connections. */
  @property({ type: Boolean }) writable = false;
  /** The host element's actions. */
  @property({ attribute: false }) actions!: ConnectActions;

  @state() private editing = false;
  @state() private busy = false;
  @state() private error = '';
  @query('input') private input?: HTMLInputElement;
  @query('[data-action=rename]') private renameButton?: HTMLButtonElement;

  /** Moves focus to the row's first button. */
  override focus(): void {
    this.renderRoot.querySelector('button')?.focus();
  }

  render() {
    const { connection: c, strings: s } = this;
    if (this.editing) return this.renderEditor();
    return html`<div class="row item" part="connection">
      <span class="row">
        <span class="label" part="connection-label">${c.label}</span>
        <span class="badge ${c.status}" part="status">${s[c.status]}</span>
      </span>
      <span class="row" ?hidden=${!this.writable}>
        ${c.status === 'error' && this.integration.authType === 'oauth2'
          ? html`<button part="button" data-action="reconnect" @click=${() => this.actions.connect(this.integration, c)}>
              ${s.reconnect}
            </button>`
          : nothing}
        <button part="button" data-action="rename" aria-label="${s.rename}: ${c.label}" @click=${this.handleEdit}>
          ${s.rename}
        </button>
        <button part="button" class="danger" data-action="disconnect" aria-label="${s.disconnect}: ${c.label}"
          @click=${() => this.actions.disconnect(c)}>${s.disconnect}</button>
      </span>
      ${c.statusReason ? html`<p class="reason muted">${c.statusReason}</p>` : nothing}
    </div>`;
  }

  private renderEditor() {
    const s = this.strings;
    return html`<form class="row item" part="connection" novalidate @submit=${this.handleSave} @keydown=${this.handleKeydown}>
      <input part="input" name="label" required maxlength="100" .value=${this.connection.label}
        aria-label=${s.accountName} aria-invalid=${this.error ? 'true' : 'false'} aria-describedby="error" />
      <button part="button" class="primary" ?disabled=${this.busy}>${s.save}</button>
      <button part="button" type="button" @click=${this.handleCancel}>${s.cancel}</button>
      <p id="error" class="alert reason" role="alert">${this.error}</p>
    </form>`;
  }

  private async handleEdit() {
    this.editing = true;
    this.error = '';
    await this.updateComplete;
    this.input?.select();
  }

  private async handleSave(event: SubmitEvent) {
    event.preventDefault();
    const label = this.input!.value.trim();
    if (!label) {
      this.error = format(this.strings.fieldRequired, { label: this.strings.accountName });
      return;
    }
    this.busy = true;
    try {
      if (label !== this.connection.label) await this.actions.rename(this.connection, label);
      await this.handleCancel();
    } catch (error) {
      const field = error instanceof HitchApiError ? error.errors[0]?.message : undefined;
      this.error = field ?? failureText(error, this.strings.networkError);
    } finally {
      this.busy = false;
    }
  }

  private async handleCancel() {
    this.editing = false;
    await this.updateComplete;
    this.renameButton?.focus();
  }

  private handleKeydown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.stopPropagation();
      this.handleCancel();
    }
  }
}
