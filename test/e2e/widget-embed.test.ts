/**
 * End to end, on the built output: a host page on another origin than Hitch loads
 * `/widget/hitch.js` from the Hitch server by a classic script tag, gets its token from its own
 * backend, and a user connects an API-key integration in Chromium (playwright-core).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { spawnHitch } from '../helpers/spawnHitch.ts';
import { startHostApp, type HostApp } from '../widget/support/hostApp.ts';
import { fixtureIntegrations } from '../widget/support/integrations.ts';

const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('the widget embedded by a script tag', () => {
  let hitch: Awaited<ReturnType<typeof spawnHitch>>;
  let host: HostApp;
  let browser: Browser;

  before(async () => {
    await build({ logLevel: 'warn' });
    hitch = await spawnHitch();
    host = await startHostApp(hitch);
    browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
    const { mailbox } = fixtureIntegrations('http://127.0.0.1:9');
    await host.admin('PUT', '/v1/integrations/mailbox', mailbox);
    await host.admin('POST', '/v1/customers', { id: 'acme-corp', name: 'Acme Corp' });
  });

  after(async () => {
    await browser?.close();
    await host?.close();
    await hitch?.stop();
  });

  /** Opens the host page, failing the test on any page error or console error. */
  async function open(query: string): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    await page.goto(`${host.url}/?${query}`);
    return { page, problems };
  }

  const events = (page: Page) => page.evaluate(() => (window as any).hitchEvents as { type: string; detail: any }[]);

  it('connects an API-key integration from a page of another origin', async () => {
    assert.notEqual(new URL(host.url).origin, new URL(hitch.url).origin);
    const { page, problems } = await open('customer=acme-corp');
    try {
      await page.getByRole('button', { name: 'Connect Mailbox' }).click();
      await page.getByLabel('API key').fill('mb_end_to_end');
      await page.getByLabel('Account name').fill('Newsletter');
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.getByRole('button', { name: 'Rename: Newsletter' }).waitFor();

      const connected = (await events(page)).filter((event) => event.type === 'hitch-connected');
      assert.equal(connected.length, 1);
      const { data } = await host.admin('GET', '/v1/customers/acme-corp/connections');
      assert.equal(data.length, 1);
      assert.deepEqual(connected[0].detail.connection, data[0]);
      assert.equal(data[0].label, 'Newsletter');
      const credentials = await host.admin('GET', `/v1/customers/acme-corp/connections/${data[0].id}/credentials`);
      assert.equal(credentials.apiKey, 'mb_end_to_end');
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('defines the elements and one global, Hitch, and a second script tag is harmless', async () => {
    const { page, problems } = await open('customer=acme-corp&twice=1');
    try {
      await page.locator('[part~=integration]').first().waitFor();
      const globals = await page.evaluate(() => ({
        version: (window as any).Hitch.version,
        sameClass: customElements.get('hitch-connect') === (window as any).Hitch.HitchConnect,
        widgets: document.querySelectorAll('hitch-connect').length,
      }));
      assert.equal(globals.version, version);
      assert.equal(globals.widgets, 1);
      assert.equal(globals.sameClass, true);
      assert.equal((await events(page)).filter((event) => event.type === 'hitch-ready').length, 1);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
