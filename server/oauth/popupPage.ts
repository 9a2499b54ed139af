import { randomBytes } from 'node:crypto';
import type { Response } from 'express';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** JSON safe inside a <script>: nothing in it can close the element or break a line. */
export const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export interface PopupPage {
  status: number;
  title: string;
  /** Said in the page's status line; a script may replace it. */
  text: string;
  /** A closing line under the status. */
  hint?: string;
  /** The body of the page's one script, if any. */
  script?: string;
  /** Whether the script may `fetch` this server (the page that binds the browser). */
  connectsToSelf?: boolean;
}

function renderPage(page: PopupPage, nonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<style nonce="${nonce}">
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; color: #1f2328; background: #f6f8fa; }
main { max-width: 28rem; padding: 2rem; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; }
@media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } main { background: #161b22; border-color: #30363d; } }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(page.title)}</h1>
<p role="status">${escapeHtml(page.text)}</p>
${page.hint ? `<p>${escapeHtml(page.hint)}</p>\n` : ''}</main>
${page.script ? `<script nonce="${nonce}">\n${page.script}\n</script>\n` : ''}</body>
</html>
`;
}

/**
 * A page of the OAuth popup. A strict CSP admits only this page's own script and style (by
 * nonce); no cache, no referrer (URLs of the flow hold codes), and no opener isolation, so the
 * page can still talk to the widget that opened it.
 */
export function sendPopupPage(res: Response, page: PopupPage): void {
  const nonce = randomBytes(16).toString('base64');
  const connect = page.connectsToSelf ? "; connect-src 'self'" : '';
  res
    .status(page.status)
    .set({
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'${connect}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'unsafe-none',
    })
    .type('html')
    .send(renderPage(page, nonce));
}
