// Webhook figures (issue 5): incoming webhook ingest (signature checked, event stored) against
// bare Express in the same run; the same ingest on a data dir holding 50,000 events against one
// holding 1,000 (all three interleaved); and outgoing delivery throughput (signed, recorded, queue updated) to a local
// receiver.
//
//   node --import tsx bench/webhooks.ts
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hexHmac } from '../server/activity/webhooks/signatures.ts';
import { adminCall, startHitchProcess } from './lib/hitch.ts';
import { interleavedMedians, ratio, type Figures } from './lib/measure.ts';
import { startBaseline } from './lib/processes.ts';
import { printTable, type Row } from './lib/report.ts';
import { seededDataDir } from './lib/seededDataDir.ts';
import { scratchDir } from '../scripts/scratchDir.ts';

const runs = 5;
const hookSecret = 'bench-hook-secret';
const hookBody = JSON.stringify({ type: 'bench.received', data: { orderId: 42, items: [{ sku: 'A-1', quantity: 2 }] } });
const hookHeaders = { 'content-type': 'application/json', 'x-hitch-signature': hexHmac(hookSecret, hookBody) };
const deliveriesToMake = 2_000;

export async function runWebhooksBench(): Promise<boolean> {
  const { baseline, small, large } = await ingestFigures();
  const delivery = await deliveryThroughput(deliveriesToMake);
  const rows: Row[] = [
    { name: 'bare Express hello-world (baseline)', figures: baseline },
    { name: 'POST /v1/hooks/:customerId/:integration, 1,000 stored', figures: small, ratio: ratio(small.rps, baseline.rps), target: '≥ 0.3×', ok: small.rps >= 0.3 * baseline.rps },
    { name: 'the same, 50,000 stored', figures: large, ratio: ratio(large.rps, small.rps), target: '≥ 0.8× of 1,000', ok: large.rps >= 0.8 * small.rps },
    { name: `outgoing deliveries to a local receiver (${deliveriesToMake.toLocaleString('en-US')})`, value: `${Math.round(delivery).toLocaleString('en-US')} deliveries/s` },
  ];
  return printTable(`Webhooks (50 connections, median of ${runs} interleaved runs)`, rows);
}

/** Bare Express, and signed webhook ingest on data dirs holding 1,000 and 50,000 events: runs interleaved. */
async function ingestFigures(): Promise<{ baseline: Figures; small: Figures; large: Figures }> {
  const baselineServer = await startBaseline();
  const hitches = [await ingestServer(1_000), await ingestServer(50_000)];
  try {
    const ingest = (url: string) => ({ url: `${url}/v1/hooks/bench/bench-hooks`, method: 'POST' as const, headers: hookHeaders, body: hookBody });
    return await interleavedMedians(runs, { baseline: { url: baselineServer.url }, small: ingest(hitches[0].url), large: ingest(hitches[1].url) });
  } finally {
    await Promise.all([baselineServer, ...hitches].map((server) => server.stop()));
  }
}

/** A Hitch process on a data dir that already holds `stored` webhook events, set up to receive more. */
async function ingestServer(stored: number) {
  const hitch = await startHitchProcess({ dataDir: await seededDataDir(stored, { type: 'webhook', integration: 'bench-hooks' }) });
  await adminCall(hitch.url, 'PUT', '/v1/integrations/bench-hooks', hooksIntegration);
  await adminCall(hitch.url, 'PUT', '/v1/customers/bench/limits', { eventsPerDay: 1_000_000_000 });
  return hitch;
}

const hooksIntegration = { name: 'Bench hooks', authType: 'apiKey', webhook: { secret: hookSecret, scheme: 'hmac-sha256-hex' } };

/** One workflow run emits `count` outgoing events; deliveries/s until the receiver has them all. */
async function deliveryThroughput(count: number): Promise<number> {
  const receiver = await countingReceiver();
  const workflowsDir = scratchDir('emitter');
  writeFileSync(join(workflowsDir, 'emitter.mjs'), emitterModule);
  const hitch = await startHitchProcess({ env: { HITCH_WORKFLOWS_DIR: workflowsDir } });
  try {
    await adminCall(hitch.url, 'PUT', '/v1/integrations/bench-hooks', hooksIntegration);
    await adminCall(hitch.url, 'POST', '/v1/customers', { id: 'bench', name: 'Bench' });
    await connectBench(hitch.url);
    await adminCall(hitch.url, 'POST', '/v1/webhook-endpoints', { url: receiver.url, events: ['bench.tick'] });
    const started = performance.now();
    await adminCall(hitch.url, 'POST', '/v1/customers/bench/workflows/bench-emitter/runs', { input: { count } });
    await receiver.reached(count);
    return count / ((performance.now() - started) / 1000);
  } finally {
    await hitch.stop();
    receiver.close();
  }
}

const emitterModule = `export default {
  id: 'bench-emitter', name: 'Bench emitter', integration: 'bench-hooks', triggers: { manual: true }, timeoutMs: 120000,
  run: (ctx) => Promise.all(Array.from({ length: ctx.input.count }, (_, i) => ctx.emit('bench.tick', { i }))).then(() => ctx.input.count),
};
`;

async function connectBench(url: string): Promise<void> {
  const { token } = (await adminCall(url, 'POST', '/v1/customers/bench/tokens', {})) as { token: string };
  const response = await fetch(`${url}/v1/widget/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ integration: 'bench-hooks', credentials: { apiKey: 'bench-key' } }),
  });
  if (response.status !== 201) throw new Error(`connecting: ${response.status} ${await response.text()}`);
}

/** A receiver on 127.0.0.1 answering 204 and counting distinct messages. */
async function countingReceiver() {
  const seen = new Set<string>();
  let notify = () => {};
  const server = createServer((req, res) => {
    seen.add(String(req.headers['webhook-id']));
    req.resume().on('end', () => {
      res.writeHead(204).end();
      notify();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    reached: (count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${seen.size} of ${count} webhooks arrived`)), 120_000);
        notify = () => seen.size >= count && (clearTimeout(timer), resolve());
        notify();
      }),
    close: () => server.close(),
  };
}


if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = (await runWebhooksBench()) ? 0 : 1;
}
