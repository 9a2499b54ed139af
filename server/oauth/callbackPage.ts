import { randomBytes } from 'node:crypto';
import type { Response } from 'express';
import type { CallbackResult } from './callback.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** JSON safe inside a <script>: nothing in it can close the element or break a line. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/**
 * Posts the result to the opener, to the exact origin that started the attempt (never `*`),
 * then closes the popup. The widget still reads the attempt itself: the message only says "look now".
 */
function resultScript(result: CallbackResult, nonce: string): string {
  const post = result.post ? scriptJson(result.post) : 'null';
  return `<script nonce="${nonce}">
(() => {
  const post = ${post};
  if (post && window.opener) window.opener.postMessage(post.message, post.origin);
  window.close();
})();
</script>`;
}

function renderPage(result: CallbackResult, nonce: string): string {
  const title = result.status === 'succeeded' ? 'Connected' : 'Sign-in did not succeed';
  const attemptKnown = result.httpStatus === 200 || result.post !== undefined;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh; color: #1f2328; background: #f6f8fa; }
main { max-width: 28rem; padding: 2rem; background: #fff; border: 1px solid #d0d7de; border-radius: 8px; }
@media (prefers-color-scheme: dark) { body { color: #e6edf3; background: #0d1117; } main { background: #161b22; border-color: #30363d; } }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p role="status">${escapeHtml(result.description)}</p>
<p>You can close this window.</p>
</main>
${attemptKnown ? resultScript(result, nonce) : ''}
</body>
</html>
`;
}

/**
 * The callback's answer. A strict CSP admits only this page's own script and style (by nonce);
 * no cache, no referrer (the URL held a code), and no opener isolation, so the opener survives.
 */
export function sendCallbackPage(res: Response, result: CallbackResult): void {
  const nonce = randomBytes(16).toString('base64');
  res
    .status(result.httpStatus)
    .set({
      'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'unsafe-none',
    })
    .type('html')
    .send(renderPage(result, nonce));
}
