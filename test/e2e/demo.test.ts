/**
 * End to end in Chromium (playwright-core), on the built widget: open the demo at /demo/, connect
 * Acme CRM through the OAuth popup, see the connection in the widget, and see the host app read
 * Acme's contacts through Hitch's API proxy with the new connection.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { demoMounts } from '../../demo/mountDemo.ts';
import { systemClock } from '../../server/clock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

describe('the demo in a browser', () => {
  let hitch: TestHitch;
  let browser: Browser;

  before(async () => {
    await build({ logLevel: 'warn' });
    // The browser keeps real time, so the server does too.
    hitch = await startTestHitch({ mounts: demoMounts, clock: systemClock });
    browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  });
  after(async () => {
    await browser?.close();
    await hitch?.close();
  });

  /** Opens the demo, failing the test on any page error; records the messages the page receives. */
  async function openDemo(): Promise<{ page: Page; problems: string[] }> {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('response', (response) => response.status() >= 400 && problems.push(`${response.status()} ${response.url()}`));
    await page.addInitScript(() => {
      (window as any).received = [];
      addEventListener('message', (event) => (window as any).received.push({ origin: event.origin, data: event.data }));
    });
    await page.goto(`${hitch.url}/demo/`);
    return { page, problems };
  }

  it('connects Acme CRM through the popup and reads its contacts through the proxy', async () => {
    const { page, problems } = await openDemo();
    await page.getByText('Connect Acme CRM above to see its contacts here.').waitFor();

    const popupOpened = page.waitForEvent('popup');
    await page.getByRole('button', { name: 'Connect Acme CRM' }).click();
    const popup = await popupOpened;
    await popup.getByLabel('Your name').fill('Grace');
    const popupClosed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await popupClosed; // the callback page closes itself

    await page.getByRole('button', { name: 'Rename: Acme CRM' }).waitFor();
    await page.getByText('5 contacts from “Acme CRM”, read through the Hitch proxy.').waitFor();
    assert.equal(await page.locator('#contacts li').count(), 5);
    const form = page.locator('#new-contact');
    await form.getByLabel('Name').fill('Margaret Hamilton');
    await form.getByLabel('Email').fill('margaret@apollo.example');
    await form.getByRole('button', { name: 'Add contact' }).click();
    await page.getByText('6 contacts from “Acme CRM”').waitFor();

    // The callback page told the opener itself, from Hitch's origin (not only the widget's polling).
    const received = await page.evaluate(() => (window as any).received as { origin: string; data: any }[]);
    const result = received.find((message) => message.data?.type === 'hitch:oauth');
    assert.equal(result?.origin, new URL(hitch.url).origin);
    assert.equal(result?.data.status, 'succeeded');
    const connections = await hitch.admin.get('/v1/customers/example-co/connections');
    assert.equal(result?.data.connectionId, connections.body.data[0].id);
    assert.deepEqual(problems, []);
  });
});
