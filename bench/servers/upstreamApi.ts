// A provider's API for the proxy benchmark: any GET answers a small JSON list (about 300 bytes),
// the shape of a typical "list contacts" call. Bare Express 5, like the project's baseline
// (helloExpress.ts); `UPSTREAM=node` serves the same body from plain node:http instead.
import { createServer, type RequestListener } from 'node:http';
import express from 'express';

const contacts = {
  data: Array.from({ length: 4 }, (_, i) => ({ id: `contact_${i}`, name: `Contact ${i}`, email: `contact${i}@example.test` })),
};
const body = JSON.stringify(contacts);

const plain: RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};
const app = express();
app.get('/{*path}', (_req, res) => void res.json(contacts));

const server = createServer(process.env.UPSTREAM === 'node' ? plain : app);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
