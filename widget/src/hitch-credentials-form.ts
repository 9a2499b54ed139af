import { LitElement, html, css } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { IntegrationField, WidgetIntegration } from '../../server/schemas/index.ts';
import type { ConnectActions } from './actions.ts';
import { HitchApiError, failureText } from './api.ts';
import { format, type HitchStrings } from './strings/index.ts';
import { controls } from './styles.ts';

/**
 * @summary The credentials form of an API-key or basic-auth integration, built from its `fields`.
 *
 * Secret fields are masked; each value is checked against its field's `pattern` before it is sent,
 * and the server's validation errors are shown beside the field they concern.
 * A part of `<hitch-connect>`, which sets every property.
 *
 * @csspart form - The form.
 * @csspart field - A label, its input and its error.
 * @csspart input - Each input.
 * @csspart field-error - The error beside a field.
 * @csspart button - Each button.
 */
export class HitchCredentialsForm extends LitElement {
  static styles = [
    controls,
    css`
      h3 {
        margin: 0 0 var(--_space);
        font-size: 1.0625em;
      }
      .field {
        display: grid;
        gap: calc(var(--_space) * 0.5);
        margin-bottom: calc(var(--_space) * 2);
      }
      label {
        font-weight: 500;
      }
      .alert,
      .muted {
        font-size: 0.875em;
        margin: 0;
      }
      .row {
        justify-content: flex-end;
      }
    `,
  ];

  /** The integration to connect. */
  @property({ attribute: false }) integration!: WidgetIntegration;
  /** Resolved strings. */
  @property({ attribute: false }) strings!: HitchStrings;
  /** The host element's actions. */
  @property({ attribute: false }) actions!: ConnectActions;

  @state() private errors: Record<string, string> = {};
  @state() private busy = false;

  /** The fields to ask for: the integration's own, or the usual ones of its auth type. */
  get fields(): IntegrationField[] {
    const s = this.strings;
    if (this.integration.fields?.length) return this.integration.fields;
    return this.integration.authType === 'basic'
      ? [{ name: 'username', label: s.username }, { name: 'password', label: s.password, secret: true }]
      : [{ name: 'apiKey', label: s.apiKey, secret: true }];
  }

  override focus(): void {
    this.renderRoot.querySelector('input')?.focus();
  }

  render() {
    const s = this.strings;
    const label: IntegrationField = { name: 'label', label: s.accountName, placeholder: this.integration.name };
    return html`<form part="form" novalidate aria-labelledby="title" @submit=${this.handleSubmit}>
      <h3 id="title">${format(s.formTitle, { name: this.integration.name })}</h3>
      ${this.fields.map((field) => this.renderField(field, 'f-'))}
      ${this.renderField(label, '', s.accountNameHint)}
      <p class="alert" role="alert">${this.errors['']}</p>
      <div class="row">
        <button part="button" type="button" @click=${() => this.actions.back()}>${s.cancel}</button>
        <button part="button" class="primary" ?disabled=${this.busy}>${s.connect}</button>
      </div>
    </form>`;
  }

  private renderField(field: IntegrationField, prefix: string, hint = '') {
    const id = prefix + field.name;
    const error = this.errors[id];
    return html`<div class="field" part="field">
      <label for=${id}>${field.label}</label>
      <input part="input" id=${id} name=${id} type=${field.secret ? 'password' : 'text'} autocomplete="off"
        spellcheck="false" placeholder=${field.placeholder ?? ''} ?required=${!!prefix}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby="${id}-e ${id}-h" />
      <p class="muted" id="${id}-h">${hint}</p>
      <p class="alert" part="field-error" id="${id}-e">${error}</p>
    </div>`;
  }

  // Synchronous up to the OAuth popup, which must open inside the submit
  private async handleSubmit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const values: Record<string, string> = {};
    const errors: Record<string, string> = {};
    for (const field of this.fields) {
      const value = String(data.get('f-' + field.name) ?? '');
      values[field.name] = value;
      if (!value.trim()) errors['f-' + field.name] = format(this.strings.fieldRequired, { label: field.label });
      else if (field.pattern && !matches(field.pattern, value))
        errors['f-' + field.name] = format(this.strings.fieldPattern, { label: field.label });
    }
    this.errors = errors;
    const label = String(data.get('label') ?? '').trim();
    const valid = !Object.keys(errors).length;
    if (valid && this.integration.authType === 'oauth2') return this.actions.authorize(this.integration, label, values);
    if (valid) await this.send(label, values);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('[aria-invalid=true]')?.focus();
  }

  private async send(label: string, credentials: Record<string, string>) {
    this.busy = true;
    try {
      await this.actions.createConnection(this.integration, label, credentials);
    } catch (error) {
      const errors = fieldErrors(error, ['label', ...this.fields.map((field) => 'f-' + field.name)]);
      this.errors = Object.keys(errors).length ? errors : { '': failureText(error, this.strings.networkError) };
    } finally {
      this.busy = false;
    }
  }
}

/** A pattern as the server applies it: a JavaScript regular expression, not anchored unless it says so. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

/** Server errors by input id: `credentials.apiKey` → `f-apiKey`, `label` → `label`, the rest → the form. */
function fieldErrors(error: unknown, ids: string[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { path, message } of error instanceof HitchApiError ? error.errors : []) {
    const id = path.startsWith('credentials.') ? 'f-' + path.slice(12) : path;
    errors[ids.includes(id) ? id : ''] ??= message;
  }
  return errors;
}
