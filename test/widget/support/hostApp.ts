/**
 * A host app on its own origin, as an organization would run it: a page that embeds the widget by
 * a classic script tag from the Hitch server, and a backend route that mints widget tokens with
 * the admin key. Used by the end-to-end test, the screenshots script and the render benchmark.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostApp {
  url: string;
  /** Calls Hitch's admin API as the host's backend. */
  admin(method: string, path: string, body?: unknown): Promise<any>;
  close(): Promise<void>;
}

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page: `?customer=&theme=&locale=&lang=&dir=&server=&integrations=&token=`, and `hold=1` (the token never
 * comes), `tokenFor=` (tokens of another customer), `twice=1` (the script tag twice).
 */
function page(hitchUrl: string, query: URLSearchParams): string {
  const theme = query.get('theme') ?? 'light';
  const attributes = ['customer', 'theme', 'locale', 'server', 'integrations', 'token']
    .filter((name) => query.get(name))
    .map((name) => `${name === 'customer' ? 'customer-id' : name}="${escape(query.get(name)!)}"`)
    .join(' ');
  const tokenFor = query.get('tokenFor') ?? query.get('customer') ?? '';
  const provider = query.get('token')
    ? 'undefined'
    : query.get('hold')
      ? '() => new Promise(() => {})'
      : `() => fetch('/api/hitch-token?customer=' + encodeURIComponent(${JSON.stringify(tokenFor)})).then((r) => r.text())`;
  return `<!doctype html>
<html lang="${escape(query.get('lang') ?? 'en')}" dir="${escape(query.get('dir') ?? 'ltr')}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Host app</title>
  <link rel="icon" href="data:,">
  <style>
    body { margin: 0; padding: 24px; font-family: system-ui, sans-serif; background: ${theme === 'dark' ? '#0d0e11' : '#eef0f4'}; }
    hitch-connect { max-width: 480px; margin: 0 auto; }
  </style>
  <script src="${hitchUrl}/widget/hitch.js"></script>${query.get('twice') ? `\n  <script src="${hitchUrl}/widget/hitch.js"></script>` : ''}
</head>
<body>
  <hitch-connect ${attributes}></hitch-connect>
  <script>
    window.hitchEvents = [];
    const widget = document.querySelector('hitch-connect');
    for (const type of ['hitch-ready', 'hitch-connected', 'hitch-disconnected', 'hitch-error', 'hitch-session-expired']) {
      document.addEventListener(type, (event) => window.hitchEvents.push({ type, detail: event.detail, at: performance.now() }));
    }
    if (${provider}) widget.tokenProvider = ${provider};
  </script>
</body>
</html>`;
}

/** `pages`: more HTML pages by path, such as a benchmark's baseline. */
export async function startHostApp(hitch: { url: string; adminKey: string }, pages: Record<string, string> = {}): Promise<HostApp> {
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(hitch.url + path, {
      method,
      headers: { authorization: `Bearer ${hitch.adminKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  let origin = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    try {
      if (url.pathname === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(hitch.url, url.searchParams));
      } else if (pages[url.pathname]) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pages[url.pathname]);
      } else if (url.pathname === '/api/hitch-token') {
        // The host's own session decides the customer; here the page says which
        const customer = url.searchParams.get('customer') ?? '';
        const { token } = await admin('POST', `/v1/customers/${encodeURIComponent(customer)}/tokens`, { origins: [origin] });
        res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
      } else {
        res.writeHead(404).end();
      }
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  // Another origin than Hitch: "localhost" rather than 127.0.0.1, and another port
  origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    admin,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
