import { css } from 'lit';

/** Styles of `<hitch-connect>` itself; its parts have their own. */
export const connectStyles = css`
  .base {
    background: var(--_bg);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  h2 {
    margin: 0;
    font-size: 1.25em;
  }
  .message {
    text-align: center;
    padding: calc(var(--_space) * 3) 0;
  }
  .message p {
    margin: 0 0 calc(var(--_space) * 1.5);
  }
  .skeleton {
    display: grid;
    gap: var(--_space);
  }
  .skeleton span {
    height: 4.5rem;
    border-radius: var(--_radius);
    background: linear-gradient(90deg, var(--_surface), var(--_border), var(--_surface)) 0 0 / 200% 100%;
    animation: shimmer 1.5s linear infinite;
  }
  @keyframes shimmer {
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton span {
      animation: none;
    }
  }
  summary {
    cursor: pointer;
    font-weight: 600;
    padding: calc(var(--_space) * 0.5) 0;
  }
  @media (forced-colors: active) {
    .skeleton span {
      border: 1px solid CanvasText;
    }
  }
`;
