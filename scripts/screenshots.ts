/**
 * Screenshots of the widget's main states, light and dark, into `.screenshots/`.
 * Builds the widget, starts a real Hitch server and a host page on another origin, and drives
 * Chromium (playwright-core) into each state.
 *
 *   node --import tsx scripts/screenshots.ts
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { spawnHitch } from '../test/helpers/spawnHitch.ts';
import { startHostApp, type HostApp } from '../test/widget/support/hostApp.ts';
import { fixtureIntegrations } from '../test/widget/support/integrations.ts';

const outDir = '.screenshots';
const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

interface State {
  name: string;
  /** Page query (customer and theme are added). */
  query?: Record<string, string>;
  /** What to wait for or do once the page is loaded. */
  act?: (page: Page) => Promise<void>;
  forcedColors?: boolean;
  /** Runs in the page before its scripts. */
  init?: () => void;
}

async function setUp(host: HostApp, hitchUrl: string) {
  for (const [key, integration] of Object.entries(fixtureIntegrations('http://127.0.0.1:9'))) {
    await host.admin('PUT', `/v1/integrations/${key}`, integration);
  }
  const customer = async (id: string) => host.admin('POST', '/v1/customers', { id, name: id });
  await Promise.all(['acme', 'fresh', 'other', 'gone'].map(customer));
  const { token } = await host.admin('POST', '/v1/customers/acme/tokens', {});
  for (const [integration, label, credentials] of [
    ['mailbox', 'Marketing', { apiKey: 'mb_1' }],
    ['mailbox', 'Billing', { apiKey: 'mb_2' }],
    ['ledger', 'Finance team', { username: 'ada', password: 'pw' }],
  ] as const) {
    const response = await fetch(`${hitchUrl}/v1/widget/connections`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ integration, label, credentials }),
    });
    if (response.status !== 201) throw new Error(`connection: ${await response.text()}`);
  }
  await host.admin('POST', '/v1/customers/acme/events', { name: 'invoice.paid' });
  const revoked = await host.admin('POST', '/v1/customers/acme/tokens', {});
  await host.admin('DELETE', `/v1/tokens/${revoked.tokenId}`);
  return { revokedToken: revoked.token as string };
}

const ready = (page: Page) => page.locator('[part~=integration]').first().waitFor();

async function main() {
  await build({ logLevel: 'warn' });
  mkdirSync(outDir, { recursive: true });
  const hitch = await spawnHitch();
  const host = await startHostApp(hitch);
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    const { revokedToken } = await setUp(host, hitch.url);
    const states: State[] = [
      { name: 'loading', query: { hold: '1' }, act: (page) => page.locator('[part~=skeleton]').waitFor() },
      { name: 'list', act: ready },
      {
        name: 'form-errors',
        act: async (page) => {
          await page.getByRole('button', { name: 'Connect Acme CRM' }).click();
          await page.locator('#f-subdomain').fill('Not valid');
          await page.getByRole('button', { name: 'Connect', exact: true }).click();
          await page.locator('#f-subdomain-e').filter({ hasText: /\S/ }).waitFor();
        },
      },
      {
        name: 'rename',
        act: async (page) => {
          await page.getByRole('button', { name: 'Rename: Billing' }).click();
          await page.locator('[part~=connection] input').waitFor();
        },
      },
      {
        name: 'confirm-disconnect',
        act: async (page) => {
          await page.getByRole('button', { name: 'Disconnect: Marketing' }).click();
          await page.locator('dialog[open]').waitFor();
          await page.waitForTimeout(200);
        },
      },
      {
        name: 'activity',
        act: async (page) => {
          await ready(page);
          await page.getByText('Recent activity').click();
          await page.locator('[part~=activity-item]').first().waitFor();
        },
      },
      {
        name: 'oauth-waiting',
        act: async (page) => {
          // The provider (127.0.0.1:9) never answers, so the widget keeps waiting
          await page.getByRole('button', { name: 'Connect Chat' }).click();
          await page.getByText('Finish signing in').waitFor();
        },
      },
      {
        name: 'oauth-blocked',
        // What a popup blocker does (the widget tests get a real one; here the click comes with a gesture)
        init: () => (window.open = () => null),
        act: async (page) => {
          await page.getByRole('button', { name: 'Connect Chat' }).click();
          await page.getByText('blocked the sign-in window').waitFor();
        },
      },
      { name: 'empty', query: { customer: 'fresh', integrations: 'none' }, act: (page) => page.locator('[part~=message]').waitFor() },
      { name: 'error', query: { server: 'http://127.0.0.1:9' }, act: (page) => page.getByRole('button', { name: 'Try again' }).waitFor() },
      { name: 'expired', query: { token: revokedToken }, act: (page) => page.getByText('Your session has expired.').waitFor() },
      { name: 'mismatch', query: { tokenFor: 'other' }, act: (page) => page.getByText('different customer').waitFor() },
      { name: 'german', query: { locale: 'de' }, act: ready },
      { name: 'rtl', query: { dir: 'rtl' }, act: ready },
      { name: 'forced-colors', act: ready, forcedColors: true },
    ];
    for (const theme of ['light', 'dark']) {
      for (const state of states) {
        // A fresh context each time: no popup or cache left over from another state
        const context = await browser.newContext({ viewport: { width: 560, height: 940 }, deviceScaleFactor: 1 });
        const page = await context.newPage();
        if (state.forcedColors) await page.emulateMedia({ forcedColors: 'active' });
        if (state.init) await page.addInitScript(state.init);
        const query = new URLSearchParams({ customer: 'acme', theme, ...state.query });
        await page.goto(`${host.url}/?${query}`);
        await state.act?.(page);
        await page.screenshot({ path: `${outDir}/${state.name}-${theme}.png`, animations: 'disabled' });
        await context.close();
        process.stdout.write(`${outDir}/${state.name}-${theme}.png\n`);
      }
    }
  } finally {
    await browser.close();
    await host.close();
    await hitch.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
