// Foundation figures (issue: server foundation): token issue, widget session and event writes
// against bare Express in the same run (interleaved), and event write throughput with 1,000 vs 50,000 stored events.
import { pathToFileURL } from 'node:url';
import { adminCall, benchAdminKey, startHitchProcess } from './lib/hitch.ts';
import { interleavedMedians, ratio, type Figures, type LoadOptions } from './lib/measure.ts';
import { startBaseline, startBaselineOnHitchServer } from './lib/processes.ts';
import { printTable, type Row } from './lib/report.ts';
import { seededDataDir } from './lib/seededDataDir.ts';

const runs = 5;
const admin = { authorization: `Bearer ${benchAdminKey}`, 'content-type': 'application/json' };

export async function runFoundationBench(): Promise<boolean> {
  const { baseline, baselineOnHitch, tokenIssue, session, events } = await routeFigures();
  const { small, large } = await eventWritesByHistory();
  const rows: Row[] = [
    { name: 'bare Express hello-world (baseline)', figures: baseline },
    { name: "the same app on Hitch's HTTP server (information)", figures: baselineOnHitch, ratio: ratio(baselineOnHitch.rps, baseline.rps) },
    { name: 'POST /v1/customers/:id/tokens', figures: tokenIssue, ratio: ratio(tokenIssue.rps, baseline.rps), target: '≥ 0.4×, p99 < 25 ms', ok: tokenIssue.rps >= 0.4 * baseline.rps && tokenIssue.p99 < 25 },
    { name: 'GET /v1/widget/session', figures: session, ratio: ratio(session.rps, baseline.rps), target: '≥ 0.5×, p99 < 25 ms', ok: session.rps >= 0.5 * baseline.rps && session.p99 < 25 },
    { name: 'POST /v1/customers/:id/events', figures: events, ratio: ratio(events.rps, baseline.rps), target: 'p99 < 25 ms', ok: events.p99 < 25 },
    { name: 'event writes, 1,000 stored', figures: small },
    { name: 'event writes, 50,000 stored', figures: large, ratio: ratio(large.rps, small.rps), target: '≥ 0.8× of 1,000', ok: large.rps >= 0.8 * small.rps },
  ];
  return printTable(`Foundation (50 connections, median of ${runs} interleaved runs)`, rows);
}

/** The baseline (also on Hitch's HTTP server) and the three routes, runs interleaved. */
async function routeFigures() {
  const baselineServer = await startBaseline();
  const baselineOnHitchServer = await startBaselineOnHitchServer();
  const hitch = await startHitchProcess();
  try {
    await adminCall(hitch.url, 'POST', '/v1/customers', { id: 'bench', name: 'Bench' });
    await liftLimits(hitch.url);
    const { token } = (await adminCall(hitch.url, 'POST', '/v1/customers/bench/tokens', { ttlSeconds: 86400 })) as { token: string };
    return await interleavedMedians(runs, {
      baseline: { url: baselineServer.url },
      baselineOnHitch: { url: baselineOnHitchServer.url },
      tokenIssue: { url: `${hitch.url}/v1/customers/bench/tokens`, method: 'POST', headers: admin, body: '{}' },
      session: { url: `${hitch.url}/v1/widget/session`, headers: { authorization: `Bearer ${token}` } },
      events: eventWrite(hitch.url),
    });
  } finally {
    await Promise.all([baselineServer.stop(), baselineOnHitchServer.stop(), hitch.stop()]);
  }
}

/** The bench measures throughput, not the per-customer limits (bench/limits.ts measures those). */
const liftLimits = (url: string) => adminCall(url, 'PUT', '/v1/customers/bench/limits', { requestsPerMinute: 1e9, eventsPerDay: 1e9 });

const eventWrite = (url: string): LoadOptions => ({ url: `${url}/v1/customers/bench/events`, method: 'POST', headers: admin, body: '{"name":"bench.tick"}' });

/** Event write req/s on data dirs already holding 1,000 and 50,000 events, runs interleaved. */
async function eventWritesByHistory(): Promise<{ small: Figures; large: Figures }> {
  const servers = [
    await startHitchProcess({ dataDir: await seededDataDir(1_000, { type: 'manual' }) }),
    await startHitchProcess({ dataDir: await seededDataDir(50_000, { type: 'manual' }) }),
  ];
  try {
    for (const server of servers) await liftLimits(server.url);
    return await interleavedMedians(runs, { small: eventWrite(servers[0].url), large: eventWrite(servers[1].url) });
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = (await runFoundationBench()) ? 0 : 1;
}
