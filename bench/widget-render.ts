/**
 * Time from navigation to the widget's integration list on screen (`hitch-ready`), on a host page
 * of another origin that loads `/widget/hitch.js` by script tag, in Chromium (playwright-core),
 * median of several cold runs. Also: from the script's request to `hitch-ready`.
 * Baseline, same run and same server: a page whose inline script fetches a token and the session
 * and writes the names into a plain list, the least any embed must do.
 *
 *   node --import tsx bench/widget-render.ts
 */
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { spawnHitch } from '../test/helpers/spawnHitch.ts';
import { startHostApp } from '../test/widget/support/hostApp.ts';
import { fixtureIntegrations } from '../test/widget/support/integrations.ts';
import { ratio } from './lib/measure.ts';
import { printTable } from './lib/report.ts';

const runs = 9;
const chromiumArgs = ['--no-sandbox', '--headless', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The baseline page: token, session, a plain list; no widget. */
const plainPage = (hitchUrl: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>plain</title></head><body><ul></ul>
<script>
  fetch('/api/hitch-token?customer=bench').then((r) => r.text())
    .then((token) => fetch(${JSON.stringify(hitchUrl)} + '/v1/widget/session', { headers: { authorization: 'Bearer ' + token } }))
    .then((r) => r.json())
    .then((session) => {
      document.querySelector('ul').append(...session.integrations.map((i) => Object.assign(document.createElement('li'), { textContent: i.name })));
      window.renderedAt = performance.now();
    });
</script></body></html>`;

async function measure(browser: Browser, url: string, plain = false) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  const figures = plain
    ? { ready: await page.waitForFunction(() => (window as any).renderedAt).then((handle) => handle.jsonValue() as Promise<number>), fromScript: 0 }
    : await page
        .waitForFunction(() => {
          const ready = (window as any).hitchEvents?.find((e: { type: string }) => e.type === 'hitch-ready');
          const script = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/widget/hitch.js'));
          return ready && script && { ready: ready.at, fromScript: ready.at - script.startTime };
        })
        .then((handle) => handle.jsonValue() as Promise<{ ready: number; fromScript: number }>);
  if (!plain) await page.locator('[part~=integration]').first().waitFor({ timeout: 1000 });
  await context.close();
  return figures;
}

export async function runWidgetRenderBench(): Promise<boolean> {
  await build({ logLevel: 'warn' });
  const hitch = await spawnHitch();
  const host = await startHostApp(hitch, { '/plain': plainPage(hitch.url) });
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
  try {
    for (const [key, integration] of Object.entries(fixtureIntegrations('http://127.0.0.1:9'))) {
      await host.admin('PUT', `/v1/integrations/${key}`, integration);
    }
    await host.admin('POST', '/v1/customers', { id: 'bench', name: 'Bench' });
    const widgetUrl = `${host.url}/?customer=bench`;
    await measure(browser, widgetUrl); // warm the server and Chromium once
    const widget = [];
    const plain = [];
    for (let run = 0; run < runs; run++) {
      widget.push(await measure(browser, widgetUrl));
      plain.push((await measure(browser, `${host.url}/plain`, true)).ready);
    }
    const ready = median(widget.map((figures) => figures.ready));
    const fromScript = median(widget.map((figures) => figures.fromScript));
    const baseline = median(plain);
    return printTable(`Widget render (Chromium, cold context, median of ${runs} runs)`, [
      { name: 'plain page: token + session + list (baseline)', value: `${baseline.toFixed(1)} ms` },
      { name: 'widget: navigation → integration list', value: `${ready.toFixed(1)} ms`, ratio: ratio(ready, baseline) },
      { name: 'widget: script request → integration list', value: `${fromScript.toFixed(1)} ms` },
    ]);
  } finally {
    await browser.close();
    await host.close();
    await hitch.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = (await runWidgetRenderBench()) ? 0 : 1;
}
