import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import express from 'express';
import { widgetAssets } from '../../server/widgetAssets.ts';
import { scratchDir } from '../../scripts/scratchDir.ts';

describe('GET /widget/hitch.js and /widget/hitch.mjs', () => {
  let server: Server;
  let url: string;
  const script = `(function(){/* the widget */window.Hitch={};})();\n`.repeat(50);

  before(async () => {
    const dir = scratchDir('dist');
    writeFileSync(join(dir, 'hitch.js'), script);
    writeFileSync(join(dir, 'hitch.mjs'), `export const x = 1;\n`);
    server = createServer(express().use('/widget', widgetAssets(dir)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  // node's fetch decodes for us; read raw bytes with an explicit encoding to check the encodings
  const raw = (path: string, headers: Record<string, string> = {}) => fetch(`${url}${path}`, { headers: { 'accept-encoding': 'identity', ...headers } });

  it('serves JavaScript to any origin, with an ETag and a short cache life', async () => {
    const response = await raw('/widget/hitch.js');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=300');
    assert.match(response.headers.get('etag')!, /^"[0-9a-f]{16}"$/);
    assert.equal(await response.text(), script);
    assert.equal((await raw('/widget/hitch.mjs')).status, 200);
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const etag = (await raw('/widget/hitch.js')).headers.get('etag')!;
    assert.equal((await raw('/widget/hitch.js', { 'if-none-match': etag })).status, 304);
  });

  it('sends brotli or gzip when accepted', async () => {
    const { request } = await import('node:http');
    const get = (encoding: string) =>
      new Promise<{ encoding?: string; body: Buffer }>((resolve) => {
        request(`${url}/widget/hitch.js`, { headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).end();
      });
    const br = await get('gzip, deflate, br');
    assert.equal(br.encoding, 'br');
    assert.equal(brotliDecompressSync(br.body).toString(), script);
    const gzip = await get('gzip');
    assert.equal(gzip.encoding, 'gzip');
    assert.equal(gunzipSync(gzip.body).toString(), script);
    assert.ok(gzip.body.length < script.length / 5);
  });

  it('serves an immutable copy under its content hash, and 404s other hashes and names', async () => {
    const hash = (await raw('/widget/hitch.js')).headers.get('x-hitch-widget-hash');
    const pinned = await raw(`/widget/hitch.${hash}.js`);
    assert.equal(pinned.status, 200);
    assert.equal(pinned.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    for (const path of ['/widget/hitch.0000000000000000.js', '/widget/other.js', '/widget/..%2Fpackage.json']) {
      assert.equal((await raw(path)).status, 404, path);
    }
  });
});
