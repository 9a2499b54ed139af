import { css } from 'lit';

const dark = css`
  color-scheme: dark;
  --_bg: var(--hitch-color-background, #16181d);
  --_surface: var(--hitch-color-surface, #1f2229);
  --_text: var(--hitch-color-text, #e8eaef);
  --_muted: var(--hitch-color-text-muted, #a6adbb);
  --_border: var(--hitch-color-border, #4a505c);
  --_primary: var(--hitch-color-primary, #8fb0ff);
  --_on-primary: var(--hitch-color-on-primary, #0b1020);
  --_danger: var(--hitch-color-danger, #ff9b91);
  --_success: var(--hitch-color-success, #6ad8a2);
  --_warning: var(--hitch-color-warning, #f5b454);
  --_focus: var(--hitch-color-focus, #8fb0ff);
`;

/** The theme of `<hitch-connect>`: public `--hitch-*` properties resolved into private `--_*` ones. */
export const theme = css`
  :host {
    color-scheme: light;
    --_bg: var(--hitch-color-background, #fff);
    --_surface: var(--hitch-color-surface, #f6f7f9);
    --_text: var(--hitch-color-text, #1c1f26);
    --_muted: var(--hitch-color-text-muted, #555b68);
    --_border: var(--hitch-color-border, #c9ced8);
    --_primary: var(--hitch-color-primary, #2451c7);
    --_on-primary: var(--hitch-color-on-primary, #fff);
    --_danger: var(--hitch-color-danger, #b42318);
    --_success: var(--hitch-color-success, #067647);
    --_warning: var(--hitch-color-warning, #8a4b00);
    --_focus: var(--hitch-color-focus, #2451c7);
    --_radius: var(--hitch-radius, 0.5rem);
    --_space: calc(var(--hitch-spacing, 0.5rem) * var(--hitch-density, 1));
    display: block;
    font-family: var(--hitch-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    font-size: var(--hitch-font-size, 0.9375rem);
    line-height: 1.45;
    color: var(--_text);
  }
  :host([theme='dark']) {
    ${dark}
  }
  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${dark}
    }
  }
`;

/** Controls shared by every part: native elements styled from the theme. */
export const controls = css`
  :host {
    display: block;
  }
  [hidden] {
    display: none !important;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  button {
    font: inherit;
    font-weight: 500;
    min-height: calc(var(--_space) * 4.5);
    padding: 0 calc(var(--_space) * 1.75);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
    cursor: pointer;
    white-space: nowrap;
  }
  button:hover {
    border-color: var(--_muted);
  }
  button:disabled {
    cursor: default;
    opacity: 0.6;
  }
  button.primary {
    background: var(--_primary);
    border-color: var(--_primary);
    color: var(--_on-primary);
  }
  button.danger {
    border-color: var(--_danger);
    color: var(--_danger);
  }
  button.primary.danger {
    background: var(--_danger);
    color: var(--_bg);
  }
  input {
    font: inherit;
    box-sizing: border-box;
    width: 100%;
    min-height: calc(var(--_space) * 4.5);
    padding: 0 calc(var(--_space) * 1.25);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_text);
  }
  input[aria-invalid='true'] {
    border-color: var(--_danger);
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .badge {
    display: inline-block;
    padding: 0 var(--_space);
    border-radius: 999px;
    font-size: 0.8125em;
    font-weight: 600;
    border: 1px solid currentColor;
  }
  .active {
    color: var(--_success);
  }
  .error,
  .revoked {
    color: var(--_warning);
  }
  .muted {
    color: var(--_muted);
  }
  .alert {
    color: var(--_danger);
    margin: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
  }
  @media (forced-colors: active) {
    button,
    input,
    .badge {
      border: 1px solid ButtonText;
    }
    button.primary {
      background: Highlight;
      color: HighlightText;
      forced-color-adjust: none;
    }
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;
