// The baseline every figure is compared with: bare Express 5 answering a tiny JSON body.
// `SERVER=hitch` serves the same app from the HTTP server Hitch uses (createExpressServer), for
// information: it shows how much of a ratio comes from that server rather than from Hitch's code.
import { createServer } from 'node:http';
import express from 'express';
import { createExpressServer } from '../../server/http/expressServer.ts';

const app = express();
app.get('/', (_req, res) => void res.json({ hello: 'world' }));

function onHitchServer() {
  const { server, serve } = createExpressServer();
  serve(app);
  return server;
}

const server = process.env.SERVER === 'hitch' ? onHitchServer() : createServer(app);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
