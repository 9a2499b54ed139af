/**
 * Browser-side helpers for widget tests: fixtures through the test runner's `/__hitch/` routes
 * (a stand-in for the host app's backend), mounting `<hitch-connect>` against the real server,
 * and finding parts across shadow roots.
 */
import { waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { Connection } from '../../../server/schemas/index.ts';
import '../../../widget/src/index.ts';
import type { HitchConnect } from '../../../widget/src/hitch-connect.ts';

export const eventTypes = ['hitch-ready', 'hitch-connected', 'hitch-disconnected', 'hitch-error', 'hitch-session-expired'];

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/__hitch/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${path}: ${await response.text()}`);
  return response.json();
}

let config: Promise<{ server: string; provider: string }> | undefined;
/** The Hitch server's URL. */
export const hitchServer = async () => (await (config ??= call('GET', 'config'))).server;
/** The OAuth 2 provider's URL. */
export const providerUrl = async () => (await (config ??= call('GET', 'config'))).provider;

export const createCustomer = (name?: string) => call<{ id: string; name: string }>('POST', 'customers', { name });

export interface TokenOptions {
  scopes?: string[];
  integrations?: string[];
  origins?: string[];
  ttlSeconds?: number;
}
/** A token for this page, as a host app mints them: `origins` names the page unless a test says otherwise. */
export const mintToken = (customer: string, options: TokenOptions = {}) =>
  call<{ token: string; tokenId: string; expiresAt: string }>('POST', 'tokens', { customer, origins: [location.origin], ...options });
export const revokeToken = (tokenId: string) => call('POST', 'revoke', { tokenId });

export const createConnection = (customer: string, integration: string, credentials: Record<string, string>, label?: string) =>
  call<Connection>('POST', 'connections', { customer, integration, credentials, label });
export const listConnections = async (customer: string) =>
  (await call<{ data: Connection[] }>('GET', `connections?customer=${encodeURIComponent(customer)}`)).data;
export const putIntegration = (key: string, integration: Record<string, unknown>) =>
  call('POST', 'integrations', { key, ...integration });
export const deleteIntegration = (key: string) => call('POST', 'integrations/delete', { key });
export const denyNextAuthorization = () => call('POST', 'provider/deny-next');
export const scriptTokenAnswers = (answers: ('short' | 'refuse')[]) => call('POST', 'provider/token-answers', { answers });
export const readCredentials = (customer: string, id: string) => call<{ ok: boolean }>('POST', 'credentials', { customer, id });
export const createEvent = (customer: string, name: string) => call('POST', 'events', { customer, name });

/** An OAuth start as the widget received it: the popup page, and the key it hands that page. */
export interface OAuthStarted {
  attemptId: string;
  authorizeUrl: string;
  browserKey: string;
}
/** Plays a popup whose page got the key: bind, provider, callback (the server side of `/__hitch/oauth/complete`). */
export const completeOAuth = (started: OAuthStarted) => call<{ status: number }>('POST', 'oauth/complete', started);

/** Blocks matching requests in Chromium (`*` wildcards), as if the network failed; `[]` unblocks. */
export const blockUrls = (urls: string[]) => executeServerCommand('hitch-block-urls', { urls });

/** Emulates media features (`prefers-color-scheme`, `forced-colors`, `prefers-reduced-motion`…); `{}` resets. */
export const emulateMedia = (features: Record<string, string>) =>
  executeServerCommand('hitch-emulate-media', { features: Object.entries(features).map(([name, value]) => ({ name, value })) });

/** A token provider backed by the fixture backend, recording what it handed out. */
export function tokenProvider(customer: string, options: TokenOptions = {}) {
  const issued: { token: string; tokenId: string }[] = [];
  const provider = async () => {
    const minted = await mintToken(customer, options);
    issued.push(minted);
    return minted.token;
  };
  return Object.assign(provider, { issued });
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

export interface Mounted {
  el: HitchConnect;
  /** Every `hitch-*` event, as heard on `document` (so: bubbling and composed). */
  events: CustomEvent[];
}

/** Adds a `<hitch-connect>` for `customer` and, unless `ready: false`, waits for `hitch-ready`. */
export async function mount(options: {
  customer: string;
  token?: string;
  provider?: () => Promise<string>;
  attributes?: Record<string, string>;
  properties?: Partial<HitchConnect>;
  ready?: boolean;
}): Promise<Mounted> {
  const el = document.createElement('hitch-connect');
  el.setAttribute('customer-id', options.customer);
  el.setAttribute('server', await hitchServer());
  if (options.token) el.setAttribute('token', options.token);
  for (const [name, value] of Object.entries(options.attributes ?? {})) el.setAttribute(name, value);
  Object.assign(el, options.properties ?? {});
  if (options.provider) el.tokenProvider = options.provider;
  const events: CustomEvent[] = [];
  const record = (event: Event) => {
    if (event.composedPath()[0] === el) events.push(event as CustomEvent);
  };
  for (const type of eventTypes) document.addEventListener(type, record);
  cleanups.push(() => {
    el.remove();
    for (const type of eventTypes) document.removeEventListener(type, record);
  });
  document.body.append(el);
  if (options.ready !== false) await until(() => events.some((e) => e.type === 'hitch-ready'), 'hitch-ready');
  return { el, events };
}

/** Waits for a condition, naming it when it times out. */
export const until = (predicate: () => unknown, what: string, timeout = 5000) =>
  waitUntil(predicate, `timed out waiting for ${what}`, { timeout });

/** The first element matching `selector` in `root`'s shadow tree or any shadow tree below it. */
export function deep<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T | null {
  return deepAll<T>(root, selector)[0] ?? null;
}

/** Every element matching `selector` across the shadow trees below `root`, in tree order. */
export function deepAll<T extends Element = HTMLElement>(root: Element | ShadowRoot, selector: string): T[] {
  const scope = root instanceof Element ? (root.shadowRoot ?? root) : root;
  const found: T[] = [];
  for (const node of scope.querySelectorAll('*')) {
    if (node.matches(selector)) found.push(node as T);
    if (node.shadowRoot) found.push(...deepAll<T>(node.shadowRoot, selector));
  }
  return found;
}

/** Waits until a part exists, and returns it. */
export async function part<T extends Element = HTMLElement>(root: Element, selector: string): Promise<T> {
  await until(() => deep(root, selector), selector);
  return deep<T>(root, selector)!;
}

/** The list item of one integration. */
export const integrationItem = (el: Element, key: string) => part(el, `[part~=integration][data-key="${key}"]`);

/** The announced status text (the live region). */
export const announced = (el: HitchConnect) => el.shadowRoot!.querySelector('[role=status].sr-only')?.textContent?.trim();

/** Sets an input's value and fires `input`, as typing would. */
export function fill(root: Element, selector: string, value: string): void {
  const input = deep<HTMLInputElement>(root, selector)!;
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
}

/** The element that has focus, looking through shadow roots. */
export function activeElement(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** A button by its visible text, inside `root`'s shadow trees. */
export function button(root: Element, text: string): HTMLButtonElement {
  const found = deepAll<HTMLButtonElement>(root, 'button').find((b) => b.textContent!.trim() === text && b.checkVisibility());
  if (!found) throw new Error(`no visible button "${text}"`);
  return found;
}

/** The events of one type, in order. */
export const eventsOf = (events: CustomEvent[], type: string) => events.filter((e) => e.type === type);
