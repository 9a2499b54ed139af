// Limits overhead (issue 6): GET /v1/widget/session with requestsPerMinute enforced (the customer's
// limit set high enough never to refuse, so every request is counted, not cut short) versus the
// same server without the per-minute limiter, measured in the same run, interleaved.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { adminCall, benchAdminKey, startHitchProcess } from './lib/hitch.ts';
import { load, medianOf, ratio, type Figures } from './lib/measure.ts';
import { startProcess, type ServerProcess } from './lib/processes.ts';
import { printTable } from './lib/report.ts';
import { scratchDir } from '../scripts/scratchDir.ts';

const runs = 5;

export interface LimitsFigures {
  withLimits: Figures;
  withoutLimits: Figures;
  /** The median of the paired runs' withLimits / withoutLimits req/s. */
  ratio: number;
  /** The overhead stayed under 10%. */
  ok: boolean;
}

/** The baseline server, with the same environment startHitchProcess gives server/main.ts. */
const startWithoutRateLimits = () =>
  startProcess('bench/servers/hitchWithoutRateLimits.ts', {
    PORT: '0',
    HITCH_DATA_DIR: scratchDir('data'),
    HITCH_ADMIN_KEY: benchAdminKey,
    HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    HITCH_WORKFLOWS_DIR: scratchDir('workflows'),
  });


/** A customer with a token, and a per-minute limit that a benchmark cannot reach. */
async function benchSession(server: ServerProcess): Promise<string> {
  await adminCall(server.url, 'POST', '/v1/customers', { id: 'bench', name: 'Bench' });
  await adminCall(server.url, 'PUT', '/v1/customers/bench/limits', { requestsPerMinute: 1_000_000_000 });
  const { token } = (await adminCall(server.url, 'POST', '/v1/customers/bench/tokens', { ttlSeconds: 86400 })) as { token: string };
  return token;
}

export async function runLimitsBench(): Promise<LimitsFigures> {
  const limited = await startHitchProcess();
  const unlimited = await startWithoutRateLimits().catch(async (error) => {
    await limited.stop();
    throw error;
  });
  try {
    const sessions = { limited: await benchSession(limited), unlimited: await benchSession(unlimited) };
    const session = (server: ServerProcess, token: string) => () =>
      load({ url: `${server.url}/v1/widget/session`, headers: { authorization: `Bearer ${token}` } });
    // Paired runs back to back, alternating which goes first, so drift in the machine's speed
    // (other processes, thermal) hits both sides alike; the ratio is the median of the pairs'
    const results = { limited: [] as Figures[], unlimited: [] as Figures[] };
    const ratios: number[] = [];
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? (['limited', 'unlimited'] as const) : (['unlimited', 'limited'] as const);
      for (const side of order) results[side].push(await session(side === 'limited' ? limited : unlimited, sessions[side])());
      ratios.push(results.limited[i].rps / results.unlimited[i].rps);
    }
    const [withoutLimits, withLimits] = [medianOf(results.unlimited), medianOf(results.limited)];
    const pairRatio = [...ratios].sort((a, b) => a - b)[Math.floor(runs / 2)];
    const figures = { withLimits, withoutLimits, ratio: ratio(pairRatio, 1), ok: pairRatio >= 0.9 };
    printTable(`Limits overhead (50 connections, medians of ${runs} paired runs)`, [
      { name: 'GET /v1/widget/session without the per-minute limiter (baseline)', figures: withoutLimits },
      { name: 'GET /v1/widget/session with requestsPerMinute enforced', figures: withLimits, ratio: figures.ratio, target: 'overhead < 10% (≥ 0.9×)', ok: figures.ok },
    ]);
    return figures;
  } finally {
    await Promise.all([limited.stop(), unlimited.stop()]);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = (await runLimitsBench()).ok ? 0 : 1;
}
