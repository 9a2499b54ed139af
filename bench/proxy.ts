// API proxy throughput (issue 4): GET through `…/connections/:id/proxy/contacts` (admin key,
// per-minute limit counted, credentials opened, auth added, the answer relayed) versus calling the
// same upstream directly, in the same run, interleaved. Target: ≥ 0.4× direct, with the upstream a
// bare Express 5 app (the project's baseline server). For information, the same pair against a
// plain node:http upstream, which answers several times faster than any Express app.
//
//   node --import tsx bench/proxy.ts
import { pathToFileURL } from 'node:url';
import { adminCall, benchAdminKey, startHitchProcess } from './lib/hitch.ts';
import { interleavedMedians, ratio, type Figures } from './lib/measure.ts';
import { startProcess, type ServerProcess } from './lib/processes.ts';
import { printTable } from './lib/report.ts';

const runs = 5;

export interface ProxyFigures {
  /** The Express upstream, called directly: the baseline. */
  direct: Figures;
  proxied: Figures;
  /** proxied / direct req/s. */
  ratio: number;
  ok: boolean;
  /** The same against a plain node:http upstream (no target). */
  plainDirect: Figures;
  plainProxied: Figures;
}

const startUpstream = (kind: 'express' | 'node') => startProcess('bench/servers/upstreamApi.ts', { UPSTREAM: kind });

/** An API-key connection of customer `bench` to `upstreamUrl`; returns its proxy URL for `/contacts`. */
async function proxiedUrl(hitchUrl: string, key: string, upstreamUrl: string, token: string): Promise<string> {
  const apiKey = { in: 'header', name: 'Authorization', prefix: 'Bearer ' };
  await adminCall(hitchUrl, 'PUT', `/v1/integrations/${key}`, { name: key, authType: 'apiKey', apiBaseUrl: upstreamUrl, apiKey });
  const response = await fetch(`${hitchUrl}/v1/widget/connections`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ integration: key, credentials: { apiKey: 'bench-upstream-key' } }),
  });
  if (response.status !== 201) throw new Error(`creating the connection: ${response.status} ${await response.text()}`);
  return `${hitchUrl}/v1/customers/bench/connections/${((await response.json()) as { id: string }).id}/proxy/contacts`;
}

/** The customer, with a per-minute limit the benchmark never reaches (so every call is still counted). */
async function benchCustomer(hitchUrl: string): Promise<string> {
  await adminCall(hitchUrl, 'POST', '/v1/customers', { id: 'bench', name: 'Bench' });
  await adminCall(hitchUrl, 'PUT', '/v1/customers/bench/limits', { requestsPerMinute: 1_000_000_000, connections: 100 });
  return ((await adminCall(hitchUrl, 'POST', '/v1/customers/bench/tokens', {})) as { token: string }).token;
}

export async function runProxyBench(): Promise<ProxyFigures> {
  const servers: ServerProcess[] = [];
  try {
    const [express, plain, hitch] = [await startUpstream('express'), await startUpstream('node'), await startHitchProcess()];
    servers.push(express, plain, hitch);
    const token = await benchCustomer(hitch.url);
    const targets = {
      direct: { url: `${express.url}/contacts`, headers: { authorization: 'Bearer bench-upstream-key' } },
      proxied: { url: await proxiedUrl(hitch.url, 'bench-express', express.url, token), headers: { authorization: `Bearer ${benchAdminKey}` } },
      plainDirect: { url: `${plain.url}/contacts`, headers: { authorization: 'Bearer bench-upstream-key' } },
      plainProxied: { url: await proxiedUrl(hitch.url, 'bench-node', plain.url, token), headers: { authorization: `Bearer ${benchAdminKey}` } },
    };
    const { direct, proxied, plainDirect, plainProxied } = await interleavedMedians(runs, targets);
    const figures = { direct, proxied, ratio: ratio(proxied.rps, direct.rps), ok: proxied.rps >= 0.4 * direct.rps, plainDirect, plainProxied };
    printTable(`API proxy (50 connections, median of ${runs} interleaved runs)`, [
      { name: 'GET /contacts on an Express upstream, directly (baseline)', figures: direct },
      { name: 'GET …/proxy/contacts through Hitch to it', figures: proxied, ratio: figures.ratio, target: '≥ 0.4×', ok: figures.ok },
      { name: 'GET /contacts on a node:http upstream, directly (information)', figures: plainDirect },
      { name: 'GET …/proxy/contacts through Hitch to it', figures: plainProxied, ratio: ratio(plainProxied.rps, plainDirect.rps) },
    ]);
    return figures;
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = (await runProxyBench()).ok ? 0 : 1;
}
