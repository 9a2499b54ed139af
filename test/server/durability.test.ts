import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { describe, it } from 'node:test';
import { client, type ApiResponse } from '../helpers/http.ts';
import { runHitchExpectingFailure, spawnHitch } from '../helpers/spawnHitch.ts';
import { testEnv } from '../helpers/testConfig.ts';

describe('durability of the embedded store', () => {
  it('loses no acknowledged write when the server is killed with SIGKILL, in repeated rounds', async () => {
    const env = testEnv();
    const acknowledged = { customers: [] as string[], events: [] as string[] };
    for (let round = 0; round < 3; round++) {
      const hitch = await spawnHitch({ env });
      const admin = client(hitch.url, hitch.adminKey);
      if (round === 0) assert.equal((await admin.post('/v1/customers', { id: 'steady', name: 'Steady' })).status, 201);

      // Writers keep going until the kill; only 2xx answers count as acknowledged
      let killed = false;
      const writer = async (n: number) => {
        for (let i = 0; !killed; i++) {
          const id = `r${round}-w${n}-${i}`;
          const [customer, event] = await Promise.all([
            admin.post('/v1/customers', { id, name: id }).catch(() => undefined),
            admin.post('/v1/customers/steady/events', { name: 'tick', payload: { id } }).catch(() => undefined),
          ]);
          if (customer?.status === 201) acknowledged.customers.push(id);
          if (event?.status === 201) acknowledged.events.push(event.body.id);
        }
      };
      const before = { customers: acknowledged.customers.length, events: acknowledged.events.length };
      const writers = Array.from({ length: 8 }, (_, n) => writer(n));
      // Kill once this round has acknowledged writes of both kinds (a loaded machine can take a while), then a little later
      await until(() => acknowledged.customers.length > before.customers && acknowledged.events.length > before.events, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 100 + round * 150));
      await hitch.kill();
      killed = true;
      await Promise.all(writers);
      assert.ok(acknowledged.customers.length > 0 && acknowledged.events.length > 0, 'the writers made progress');
    }

    const hitch = await spawnHitch({ env });
    try {
      const admin = client(hitch.url, hitch.adminKey);
      const customers = new Set<string>();
      for (let cursor: string | null = null, page = 0; page === 0 || cursor; page++) {
        const response: ApiResponse = await admin.get(`/v1/customers?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        for (const customer of response.body.data) customers.add(customer.id);
        cursor = response.body.nextCursor;
      }
      const events = new Set<string>();
      for (let cursor: string | null = null, page = 0; page === 0 || cursor; page++) {
        const response: ApiResponse = await admin.get(`/v1/events?customerId=steady&limit=200${cursor ? `&cursor=${cursor}` : ''}`);
        for (const event of response.body.data) events.add(event.id);
        cursor = response.body.nextCursor;
      }
      assert.deepEqual(acknowledged.customers.filter((id) => !customers.has(id)), [], 'acknowledged customers lost');
      assert.deepEqual(acknowledged.events.filter((id) => !events.has(id)), [], 'acknowledged events lost');
    } finally {
      await hitch.stop();
    }
  });

  it('refuses a second process on the same data dir with a clear message', async () => {
    const env = testEnv();
    const first = await spawnHitch({ env });
    try {
      const second = await runHitchExpectingFailure(env);
      assert.notEqual(second.code, 0);
      assert.match(second.output, /data dir .* is in use by another Hitch process \(pid \d+\)/);
      assert.equal((await fetch(`${first.url}/healthz`)).status, 200);
    } finally {
      await first.stop();
    }
  });

  it('stops gracefully on SIGTERM: finishes the request in flight, exits 0, releases the data dir', async () => {
    const env = testEnv();
    const hitch = await spawnHitch({ env });
    // A request in flight when SIGTERM comes: the server has its headers (it answered
    // `100 Continue`), its body is sent only once the server says it is stopping
    const body = JSON.stringify({ id: 'last-one', name: 'Last' });
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${hitch.url}/v1/customers`, {
        method: 'POST',
        headers: { authorization: `Bearer ${hitch.adminKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
      });
      req.on('continue', () => {
        hitch.child.kill('SIGTERM');
        hitch.waitForOutput(/"msg":"stopping"/).then(() => req.end(body), reject);
      });
      req.on('response', (res) => resolve(res.statusCode!));
      req.on('error', reject);
      req.flushHeaders();
    });
    assert.equal(await inFlight, 201);
    assert.equal(await hitch.stop(), 0);
    const again = await spawnHitch({ env });
    try {
      assert.equal((await client(again.url, again.adminKey).get('/v1/customers/last-one')).status, 200);
    } finally {
      await again.stop();
    }
  });

  it('stops with a one-line message naming a bad variable', async () => {
    for (const [name, value] of [['PORT', 'eighty'], ['HITCH_ENCRYPTION_KEY', 'c2hvcnQ='], ['HITCH_PUBLIC_URL', 'ftp://x'], ['HITCH_RETENTION_DAYS', '0']]) {
      const { code, output } = await runHitchExpectingFailure({ ...testEnv(), [name]: value });
      assert.equal(code, 1);
      assert.equal(output.trim().split('\n').length, 1, output);
      assert.match(output, new RegExp(`^hitch: Invalid ${name}: `));
    }
  });
});

/** Resolves once `condition` holds, polling every 10 ms; rejects after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
