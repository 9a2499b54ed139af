import express, { type Express } from 'express';
import { widgetCors } from './auth/widgetAuth.ts';
import type { AppDeps } from './deps.ts';
import { apiRouter } from './http/apiRouter.ts';
import { errorHandler, notFoundHandler } from './http/problem.ts';
import { requestLog } from './http/requestLog.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import { docsRouter } from './openapi/docsRouter.ts';
import { openApiDocument } from './openapi/document.ts';
import type { AnyRoute } from './http/route.ts';
import { routes } from './routes/index.ts';
import { widgetAssets } from './widgetAssets.ts';

export interface AppOptions {
  /** Extra routers mounted before the 404 handler (the demo). */
  mounts?: { path: string; router: express.Router }[];
  /** The API routes to serve; all of them by default. */
  routes?: readonly AnyRoute[];
}

/** Builds the Hitch app from its dependencies. It never listens: main.ts and tests do. */
export function createApp(deps: AppDeps, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // Per-IP limits and audit entries use the client address: only the proxies an operator names are believed
  if (deps.config.trustProxy !== undefined) app.set('trust proxy', deps.config.trustProxy);
  app.use(requestLog(deps.logger));
  app.use(securityHeaders());
  app.use('/widget', widgetAssets());

  const apiRoutes = options.routes ?? routes;
  const document = openApiDocument(apiRoutes, deps.config.publicUrl);
  app.get('/v1/openapi.json', (_req, res) => void res.json(document));
  app.use('/v1/docs', docsRouter());

  app.use('/v1/widget', widgetCors);
  app.use(apiRouter(apiRoutes, deps));
  for (const mount of options.mounts ?? []) app.use(mount.path, mount.router);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
