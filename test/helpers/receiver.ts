import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one request; `hang` never answers (timeouts). */
export type Answer = { status: number; headers?: Record<string, string> } | 'hang';

export interface Receiver {
  url: string;
  received: ReceivedWebhook[];
  /** Resolves once `count` requests arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** A real webhook receiver on 127.0.0.1: records every request and answers as `answer` says. */
export async function startReceiver(answer: (received: ReceivedWebhook, index: number) => Answer = () => ({ status: 204 })): Promise<Receiver> {
  const received: ReceivedWebhook[] = [];
  let arrived = () => {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const webhook = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(webhook);
      arrived();
      const reply = answer(webhook, received.length - 1);
      if (reply === 'hang') return;
      res.writeHead(reply.status, reply.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`expected ${count} webhooks, got ${received.length}`)), timeoutMs);
        arrived = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          resolve(received);
        };
        arrived();
      });
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers with these statuses in turn, then `then` for every later request. */
export const inTurn =
  (statuses: number[], then = 204) =>
  (_received: ReceivedWebhook, index: number): Answer => ({ status: statuses[index] ?? then });
