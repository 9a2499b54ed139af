import { LitElement, html, css } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { HitchStrings } from './strings/index.ts';
import { controls } from './styles.ts';

/**
 * @summary A modal confirmation built on the native `<dialog>`: focus is trapped, Escape cancels.
 *
 * A part of `<hitch-connect>`, which calls `ask()`.
 *
 * @csspart dialog - The dialog.
 * @csspart button - Each button.
 */
export class HitchConfirm extends LitElement {
  static styles = [
    controls,
    css`
      dialog {
        max-width: min(26rem, calc(100vw - 2rem));
        padding: calc(var(--_space) * 2.5);
        border: 1px solid var(--_border);
        border-radius: var(--_radius);
        background: var(--_bg);
        color: var(--_text);
        box-shadow: 0 0.5rem 2rem rgb(0 0 0 / 0.25);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.4);
      }
      h2 {
        margin: 0 0 var(--_space);
        font-size: 1.125em;
      }
      p {
        margin: 0 0 calc(var(--_space) * 2.5);
      }
      .row {
        justify-content: flex-end;
      }
    `,
  ];

  /** Resolved strings. */
  @property({ attribute: false }) strings!: HitchStrings;

  @state() private heading = '';
  @state() private message = '';
  @state() private confirmLabel = '';
  @query('dialog') private dialog!: HTMLDialogElement;
  #answer?: (confirmed: boolean) => void;

  /** Shows the dialog; resolves true when the user confirms, false on Cancel or Escape. */
  async ask(heading: string, message: string, confirmLabel: string): Promise<boolean> {
    Object.assign(this, { heading, message, confirmLabel });
    await this.updateComplete;
    this.dialog.showModal();
    return new Promise((resolve) => (this.#answer = resolve));
  }

  render() {
    return html`<dialog part="dialog" aria-labelledby="h" aria-describedby="m" @close=${this.handleClose}>
      <h2 id="h">${this.heading}</h2>
      <p id="m">${this.message}</p>
      <form method="dialog" class="row">
        <button part="button" value="" autofocus>${this.strings.cancel}</button>
        <button part="button" class="primary danger" value="yes">${this.confirmLabel}</button>
      </form>
    </dialog>`;
  }

  private handleClose() {
    this.#answer?.(this.dialog.returnValue === 'yes');
    this.dialog.returnValue = '';
    this.#answer = undefined;
  }
}
