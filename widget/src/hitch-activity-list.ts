import { LitElement, html, css } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Event, WidgetIntegration } from '../../server/schemas/index.ts';
import type { ConnectActions } from './actions.ts';
import type { HitchStrings } from './strings/index.ts';
import { controls } from './styles.ts';

/**
 * @summary The customer's recent events, newest first. Loads when it is first shown.
 *
 * A part of `<hitch-connect>`, which sets every property.
 *
 * @csspart activity-item - One event.
 * @csspart button - The retry button.
 */
export class HitchActivityList extends LitElement {
  static styles = [
    controls,
    css`
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        gap: 0 var(--_space);
        padding: var(--_space) 0;
      }
      li + li {
        border-top: 1px solid var(--_border);
      }
      time {
        font-size: 0.875em;
      }
      p {
        margin: var(--_space) 0;
      }
    `,
  ];

  /** Resolved strings. */
  @property({ attribute: false }) strings!: HitchStrings;
  /** The host element's actions. */
  @property({ attribute: false }) actions!: ConnectActions;
  /** Integrations, to show names instead of keys. */
  @property({ attribute: false }) integrations: WidgetIntegration[] = [];
  /** Locale for dates. */
  @property() locale = 'en';

  @state() private events?: Event[];
  @state() private failed = false;

  override connectedCallback(): void {
    super.connectedCallback();
    this.load();
  }

  /** Loads the events again. */
  async load(): Promise<void> {
    this.failed = false;
    try {
      this.events = await this.actions.loadActivity();
    } catch {
      this.failed = true;
    }
  }

  render() {
    const s = this.strings;
    if (this.failed)
      return html`<p class="alert">${s.activityFailed}</p>
        <button part="button" @click=${this.load}>${s.retry}</button>`;
    if (!this.events) return html`<p class="muted" aria-busy="true">${s.activityLoading}</p>`;
    if (!this.events.length) return html`<p class="muted">${s.activityEmpty}</p>`;
    const date = new Intl.DateTimeFormat(this.locale, { dateStyle: 'medium', timeStyle: 'short' });
    const names = new Map(this.integrations.map((i) => [i.key, i.name]));
    return html`<ol>
      ${this.events.map(
        (e) => html`<li part="activity-item">
          <span>${s[`event:${e.name}` as keyof HitchStrings] ?? e.name}${
            e.integration ? html` <span class="muted">· ${names.get(e.integration) ?? e.integration}</span>` : ''
          }</span>
          <time class="muted" datetime=${e.createdAt}>${date.format(new Date(e.createdAt))}</time>
        </li>`,
      )}
    </ol>`;
  }
}
