// The baseline every figure is compared with: bare Express 5 answering a tiny JSON body.
import express from 'express';

const app = express();
app.get('/', (_req, res) => void res.json({ hello: 'world' }));
const server = app.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.stdout.write(`${JSON.stringify({ msg: 'listening', url: `http://127.0.0.1:${address.port}` })}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
