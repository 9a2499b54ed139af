import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import express, { type Express } from 'express';
import { createExpressServer } from '../../server/http/expressServer.ts';

describe('createExpressServer', () => {
  const servers: { app: Express; url: string; arrivedWithAppPrototypes: boolean[]; close(): Promise<void> }[] = [];

  before(async () => {
    // Two servers in one process, as in the tests: each keeps its own app
    for (const name of ['first', 'second']) {
      const { server, serve } = createExpressServer();
      const app = express();
      app.get('/who', (req, res) => void res.json({ name, sameApp: req.app === app && res.app === app, path: req.path, query: req.query }));
      serve(app);
      const arrivedWithAppPrototypes: boolean[] = [];
      // Runs before Express's own listener: what the request and response were made as
      server.prependListener('request', (req, res) =>
        arrivedWithAppPrototypes.push(Object.getPrototypeOf(req) === app.request && Object.getPrototypeOf(res) === app.response),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      servers.push({ app, url, arrivedWithAppPrototypes, close: () => new Promise((resolve) => server.close(() => resolve())) });
    }
  });
  after(() => Promise.all(servers.map((server) => server.close())));

  it("creates requests and responses on their app's prototypes, so Express has nothing to change", async () => {
    for (const [index, server] of servers.entries()) {
      const response = await fetch(`${server.url}/who?x=1`);
      assert.deepEqual(await response.json(), { name: index === 0 ? 'first' : 'second', sameApp: true, path: '/who', query: { x: '1' } });
      assert.deepEqual(server.arrivedWithAppPrototypes, [true]);
    }
  });
});
