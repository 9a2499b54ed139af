import assert from 'node:assert/strict';
import { request as httpRequest, createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnHitch } from '../helpers/spawnHitch.ts';
import { startTestHitch } from '../helpers/startTestHitch.ts';
import { testAdminKey } from '../helpers/testConfig.ts';

/** What one `GET /healthz` got: an answer, a refused or failed connection, or nothing within `hangMs`. */
type Outcome =
  | { kind: 'answer'; status: number; retryAfter?: string; contentType?: string; body: string; ms: number }
  | { kind: 'refused' | 'failed'; code?: string; ms: number }
  | { kind: 'hung'; ms: number };

const hangMs = 2_000;

function probe(port: number): Promise<Outcome> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: '/healthz', agent: false, timeout: hangMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({ kind: 'answer', status: res.statusCode!, retryAfter: res.headers['retry-after'], contentType: res.headers['content-type'], body, ms: ms() }),
      );
    });
    req.on('timeout', () => {
      req.destroy();
      resolve({ kind: 'hung', ms: ms() });
    });
    // After a timeout's destroy the promise is settled already: this resolve changes nothing
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ kind: error.code === 'ECONNREFUSED' ? 'refused' : 'failed', code: error.code, ms: ms() }));
    req.end();
  });
}

/** A port nothing listens on now (the kernel's choice), for a process to listen on next. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('start-up', () => {
  it('answers every request from the moment the process starts: 503 starting with Retry-After, then 200 once ready', async () => {
    const port = await freePort();
    const outcomes: Outcome[] = [];
    let ready = false;
    // Probes every 10 ms, each on its own connection, from before the process is spawned until the first 200
    const polling = (async () => {
      const inFlight: Promise<void>[] = [];
      const deadline = Date.now() + 60_000;
      while (!ready && Date.now() < deadline) {
        inFlight.push(
          probe(port).then((outcome) => {
            outcomes.push(outcome);
            if (outcome.kind === 'answer' && outcome.status === 200) ready = true;
          }),
        );
        await sleep(10);
      }
      await Promise.all(inFlight);
    })();
    const hitch = await spawnHitch({ env: { PORT: String(port) } });
    try {
      await polling;
    } finally {
      await hitch.stop();
    }

    const hung = outcomes.filter((outcome) => outcome.kind === 'hung');
    assert.deepEqual(hung, [], `${hung.length} of ${outcomes.length} requests got no answer within ${hangMs} ms`);
    // Before the process listens, connections are refused; once it listens, each one is answered
    assert.deepEqual(outcomes.filter((outcome) => outcome.kind === 'failed'), []);
    assert.ok(ready, 'the server answered 200 once ready');
    const starting = outcomes.filter((outcome) => outcome.kind === 'answer' && outcome.status !== 200);
    // The probes must have hit the gap between listening and being ready, or this test proves nothing
    assert.ok(starting.length > 0, `no probe arrived while the server was starting (${outcomes.length} probes)`);
    for (const outcome of starting) {
      assert.equal(outcome.kind, 'answer');
      if (outcome.kind !== 'answer') continue;
      assert.equal(outcome.status, 503);
      assert.equal(outcome.retryAfter, '1');
      assert.equal(outcome.contentType, 'application/problem+json; charset=utf-8');
      assert.deepEqual(JSON.parse(outcome.body), {
        type: 'https://hitch.dev/problems/unavailable',
        title: 'Service unavailable',
        status: 503,
        detail: 'Hitch is starting. Try again in a moment.',
        code: 'unavailable',
      });
      assert.ok(outcome.ms < hangMs, `a starting answer took ${outcome.ms} ms`);
    }
  });
});

describe('start-up, in process', () => {
  it('answers 503 while the app is not attached yet (mounts still loading), then serves it', async () => {
    const port = await freePort();
    let release = () => {};
    const mountsLoaded = new Promise<void>((resolve) => (release = resolve));
    const starting = startTestHitch({ env: { PORT: String(port) }, mounts: async () => (await mountsLoaded, []) });
    let whileStarting: Outcome;
    try {
      // The server listens before the mounts are asked for; wait until it accepts connections
      do whileStarting = await sleep(5).then(() => probe(port));
      while (whileStarting.kind === 'refused');
    } finally {
      release();
    }
    const hitch = await starting;
    try {
      assert.equal(whileStarting.kind, 'answer', `while starting: ${whileStarting.kind}`);
      assert.deepEqual(whileStarting.kind === 'answer' && [whileStarting.status, whileStarting.retryAfter, JSON.parse(whileStarting.body).code], [503, '1', 'unavailable']);
      const ready = await probe(port);
      assert.deepEqual(ready.kind === 'answer' && [ready.status, JSON.parse(ready.body)], [200, { status: 'ok' }]);
    } finally {
      await hitch.close();
    }
  });
});

describe('slow clients', () => {
  const timeouts = { headersTimeoutMs: 400, requestTimeoutMs: 800, keepAliveTimeoutMs: 300, checkIntervalMs: 50 };

  /** A raw socket that sends `head` at once and then `trickle` one byte every `everyMs`; resolves when the server ends it. */
  function slowClient(url: string, head: string, trickle: string, everyMs: number) {
    const { hostname, port } = new URL(url);
    const started = performance.now();
    const socket = connect({ host: hostname, port: Number(port) });
    let received = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < trickle.length && socket.writable) socket.write(trickle[sent++]);
    }, everyMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.write(head);
    return new Promise<{ received: string; closedAfterMs: number }>((resolve) => {
      const done = () => {
        clearInterval(timer);
        resolve({ received, closedAfterMs: performance.now() - started });
      };
      socket.on('close', done);
      socket.on('error', () => {});
      // Past this the server kept the connection: end it here so the test fails rather than hangs
      setTimeout(() => socket.destroy(), 10_000).unref();
    });
  }

  it('sets the timeouts on the server by default (10 s headers, 30 s request, 5 s keep-alive)', async () => {
    const hitch = await startTestHitch();
    try {
      assert.deepEqual(
        [hitch.server.headersTimeout, hitch.server.requestTimeout, hitch.server.keepAliveTimeout],
        [10_000, 30_000, 5_000],
      );
    } finally {
      await hitch.close();
    }
  });

  it('answers 408 and closes a connection whose body trickles in past the request timeout', async () => {
    const hitch = await startTestHitch({ httpTimeouts: timeouts });
    try {
      const body = JSON.stringify({ id: 'slow', name: 'Slow' });
      const head = `POST /v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${testAdminKey}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
      const { received, closedAfterMs } = await slowClient(hitch.listenUrl, head, body, 200);
      assert.match(received, /^HTTP\/1\.1 408 /);
      assert.ok(closedAfterMs < 4_000, `closed after ${Math.round(closedAfterMs)} ms`);
      assert.equal((await hitch.admin.get('/v1/customers/slow')).status, 404, 'the cut request stored nothing');
    } finally {
      await hitch.close();
    }
  });

  it('closes a connection whose headers trickle in past the headers timeout', async () => {
    const hitch = await startTestHitch({ httpTimeouts: timeouts });
    try {
      const { closedAfterMs } = await slowClient(hitch.listenUrl, 'GET /healthz HTTP/1.1\r\n', 'Host: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaa\r\n\r\n', 100);
      assert.ok(closedAfterMs < 4_000, `closed after ${Math.round(closedAfterMs)} ms`);
    } finally {
      await hitch.close();
    }
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    const hitch = await startTestHitch({ httpTimeouts: timeouts });
    try {
      const { received, closedAfterMs } = await slowClient(hitch.listenUrl, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', '', 100);
      assert.match(received, /^HTTP\/1\.1 200 /);
      assert.ok(closedAfterMs < 4_000, `closed after ${Math.round(closedAfterMs)} ms`);
    } finally {
      await hitch.close();
    }
  });
});
