/**
 * The HTML of Acme CRM's consent and error pages, and their stylesheet. No script at all and no
 * inline style: the pages work with JavaScript off and under a CSP of `style-src 'self'`.
 */

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const scopeDescriptions: Record<string, string> = {
  'contacts:read': 'See your contacts',
  'contacts:write': 'Add contacts',
};

export interface ConsentPageInput {
  /** Path where the router is mounted, such as `/demo/provider`. */
  basePath: string;
  appName: string;
  consentId: string;
  scopes: string[];
  redirectOrigin: string;
}

function page(basePath: string, title: string, main: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${escapeHtml(basePath)}/consent.css">
</head>
<body>
<main class="card">
<p class="brand"><span class="logo" aria-hidden="true">A</span>Acme CRM</p>
${main}
</main>
</body>
</html>
`;
}

export function renderConsentPage(input: ConsentPageInput): string {
  const app = escapeHtml(input.appName);
  const scopes = input.scopes
    .map((scope) => `<li>${escapeHtml(scopeDescriptions[scope] ?? scope)}</li>`)
    .join('\n');
  return page(
    input.basePath,
    `Acme CRM — ${input.appName} wants to access your contacts`,
    `<h1>${app} wants to access your contacts</h1>
<p>If you allow it, ${app} will be able to:</p>
<ul class="scopes">
${scopes}
</ul>
<form method="post" action="${escapeHtml(input.basePath)}/authorize/decision">
<input type="hidden" name="consent_id" value="${escapeHtml(input.consentId)}">
<label for="user-name">Your name</label>
<input id="user-name" name="user_name" value="Demo user" maxlength="60" autocomplete="name" aria-describedby="user-name-hint" required>
<p id="user-name-hint" class="hint">This is a demo: each name is its own Acme CRM account, with its own contacts.</p>
<div class="actions">
<button type="submit" name="decision" value="allow" class="primary">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>
<p class="hint">You will then return to <strong>${escapeHtml(input.redirectOrigin)}</strong>.</p>`,
  );
}

export function renderErrorPage(basePath: string, message: string): string {
  return page(
    basePath,
    'Acme CRM — this request cannot be completed',
    `<h1>This request cannot be completed</h1>
<p role="alert">${escapeHtml(message)}</p>
<p class="hint">Close this window and try connecting again from the app.</p>`,
  );
}

export const consentCss = `:root {
  color-scheme: light dark;
  --acme-accent: #4f46e5;
  --acme-accent-text: #fff;
  --acme-bg: #f4f4f7;
  --acme-card: #fff;
  --acme-text: #1c1c28;
  --acme-muted: #5b5b6b;
  --acme-border: #d4d4de;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  line-height: 1.5;
}
@media (prefers-color-scheme: dark) {
  :root {
    --acme-accent: #a5b4fc;
    --acme-accent-text: #14142b;
    --acme-bg: #14141c;
    --acme-card: #1e1e2a;
    --acme-text: #ececf4;
    --acme-muted: #b4b4c4;
    --acme-border: #3c3c4e;
  }
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 1rem; background: var(--acme-bg); color: var(--acme-text); }
.card { width: 100%; max-width: 26rem; padding: 2rem; border: 1px solid var(--acme-border); border-radius: 12px; background: var(--acme-card); }
.brand { display: flex; align-items: center; gap: 0.5rem; margin: 0 0 1rem; font-weight: 600; color: var(--acme-muted); }
.logo { display: inline-grid; place-items: center; width: 2rem; height: 2rem; border-radius: 8px; background: var(--acme-accent); color: var(--acme-accent-text); font-weight: 700; }
h1 { margin: 0 0 1rem; font-size: 1.35rem; line-height: 1.3; }
.scopes { margin: 0 0 1.5rem; padding-left: 1.25rem; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
input { width: 100%; padding: 0.6rem 0.75rem; font: inherit; color: inherit; background: transparent; border: 1px solid var(--acme-border); border-radius: 8px; }
.hint { margin: 0.4rem 0 0; font-size: 0.875rem; color: var(--acme-muted); }
.actions { display: flex; gap: 0.75rem; margin: 1.5rem 0 1rem; }
button { flex: 1; padding: 0.65rem 1rem; font: inherit; font-weight: 600; border-radius: 8px; border: 1px solid var(--acme-border); background: transparent; color: inherit; cursor: pointer; }
button.primary { background: var(--acme-accent); border-color: var(--acme-accent); color: var(--acme-accent-text); }
input:focus-visible, button:focus-visible { outline: 3px solid var(--acme-accent); outline-offset: 2px; }
@media (forced-colors: active) {
  .logo, button.primary { forced-color-adjust: none; background: ButtonText; color: ButtonFace; }
  input:focus-visible, button:focus-visible { outline-color: Highlight; }
}
`;
