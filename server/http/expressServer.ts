import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';
import { HitchError } from '../errors.ts';
import { problemBody } from './problem.ts';

/**
 * How long a client may take, so a slow one cannot hold a connection (Node's own defaults let a
 * body trickle in for 300 s). Tests pass shorter values.
 */
export interface HttpTimeouts {
  /** The request line and headers must arrive within this. */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** How often the two request timeouts are checked: a slow request is cut within this after its timeout. */
  checkIntervalMs: number;
}

export const defaultHttpTimeouts: HttpTimeouts = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
};

/** Seconds a client is told to wait while the server starts. */
const startingRetryAfter = 1;

/**
 * An HTTP server for an Express app that is not known yet (the app needs the port the server
 * listens on); `serve` attaches the app. Until then every request is answered at once with 503
 * problem JSON and `Retry-After`, so a request that arrives while the server starts (a load
 * balancer's health check, an early widget call) is never left without an answer.
 *
 * Express moves every request and response onto its app's prototypes as it arrives
 * (`Object.setPrototypeOf(req, app.request)`). That gives each one a hidden class V8 has not
 * seen at that spot, so the code that reads requests and responses stops being optimized for
 * them, and what a request allocates lives long enough to reach the old generation (measured:
 * bare Express promotes 7.7 KB per request, plain node:http nothing). Here requests and
 * responses are created by classes whose prototypes are the app's, so Express's
 * `setPrototypeOf` finds the prototype already in place and changes nothing.
 */
export function createExpressServer(timeouts: Partial<HttpTimeouts> = {}): { server: Server; serve(app: Express): void } {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, checkIntervalMs } = { ...defaultHttpTimeouts, ...timeouts };
  // Classes of this server's own: tests run several servers, each with its app, in one process
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse {}
  const server = createServer({
    IncomingMessage: AppRequest,
    ServerResponse: AppResponse,
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    connectionsCheckingInterval: checkIntervalMs,
  });
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  server.on('request', (req, res) => (handle ? handle(req, res) : answerStarting(res)));
  return {
    server,
    serve(app) {
      Object.setPrototypeOf(AppRequest.prototype, app.request);
      Object.setPrototypeOf(AppResponse.prototype, app.response);
      app.request = AppRequest.prototype as unknown as Express['request'];
      app.response = AppResponse.prototype as unknown as Express['response'];
      handle = app;
    },
  };
}

function answerStarting(res: ServerResponse): void {
  const body = JSON.stringify(problemBody(new HitchError('unavailable', 'Hitch is starting. Try again in a moment.', { retryAfter: startingRetryAfter })));
  res.writeHead(503, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': String(startingRetryAfter),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}
