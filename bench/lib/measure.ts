import autocannon from 'autocannon';

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
  connections?: number;
  seconds?: number;
}

/** One autocannon run on loopback; fails loudly when requests errored or got non-2xx answers. */
export async function load(options: LoadOptions): Promise<Figures> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    connections: options.connections ?? 50,
    duration: options.seconds ?? 4,
  });
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`${options.method ?? 'GET'} ${options.url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  }
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

/**
 * Loads each target in turn, `runs` rounds over, and returns each target's median run (by req/s):
 * machines are noisy, one run proves little, and interleaving makes drift in the machine's speed
 * hit every target alike.
 */
export async function interleavedMedians<Name extends string>(runs: number, targets: Record<Name, LoadOptions>): Promise<Record<Name, Figures>> {
  const names = Object.keys(targets) as Name[];
  const results = new Map(names.map((name) => [name, [] as Figures[]]));
  for (let i = 0; i < runs; i++) for (const name of names) results.get(name)!.push(await load(targets[name]));
  return Object.fromEntries(names.map((name) => [name, medianOf(results.get(name)!)])) as Record<Name, Figures>;
}

/** The median of runs already made (by req/s). */
export const medianOf = (results: readonly Figures[]): Figures => [...results].sort((a, b) => a.rps - b.rps)[Math.floor(results.length / 2)];

export const ratio = (value: number, baseline: number) => Math.round((value / baseline) * 100) / 100;
