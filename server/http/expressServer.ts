import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import type { Express } from 'express';

/**
 * An HTTP server for an Express app that is not known yet (the app needs the port the server
 * listens on); `serve` attaches the app.
 *
 * Express moves every request and response onto its app's prototypes as it arrives
 * (`Object.setPrototypeOf(req, app.request)`). That gives each one a hidden class V8 has not
 * seen at that spot, so the code that reads requests and responses stops being optimized for
 * them, and what a request allocates lives long enough to reach the old generation (measured:
 * bare Express promotes 7.7 KB per request, plain node:http nothing). Here requests and
 * responses are created by classes whose prototypes are the app's, so Express's
 * `setPrototypeOf` finds the prototype already in place and changes nothing.
 */
export function createExpressServer(): { server: Server; serve(app: Express): void } {
  // Classes of this server's own: tests run several servers, each with its app, in one process
  class AppRequest extends IncomingMessage {}
  class AppResponse extends ServerResponse {}
  const server = createServer({ IncomingMessage: AppRequest, ServerResponse: AppResponse });
  return {
    server,
    serve(app) {
      Object.setPrototypeOf(AppRequest.prototype, app.request);
      Object.setPrototypeOf(AppResponse.prototype, app.response);
      app.request = AppRequest.prototype as unknown as Express['request'];
      app.response = AppResponse.prototype as unknown as Express['response'];
      server.on('request', app);
    },
  };
}
