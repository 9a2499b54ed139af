import express, { type Express } from 'express';
import helmet from 'helmet';
import { widgetCors } from './auth/widgetAuth.ts';
import type { AppDeps } from './deps.ts';
import { errorHandler, notFoundHandler } from './http/problem.ts';
import { registerRoutes } from './http/registerRoutes.ts';
import { requestLog } from './http/requestLog.ts';
import { docsRouter } from './openapi/docsRouter.ts';
import { openApiDocument } from './openapi/document.ts';
import { routes } from './routes/index.ts';
import { widgetAssets } from './widgetAssets.ts';

export interface AppOptions {
  /** Extra routers mounted before the 404 handler (the demo). */
  mounts?: { path: string; router: express.Router }[];
}

/** Builds the Hitch app from its dependencies. It never listens: main.ts and tests do. */
export function createApp(deps: AppDeps, options: AppOptions = {}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(requestLog(deps.logger));
  app.use(helmet({ crossOriginResourcePolicy: false }));
  app.use(widgetAssets());

  const document = openApiDocument(routes, deps.config.publicUrl);
  app.get('/v1/openapi.json', (_req, res) => void res.json(document));
  app.use(docsRouter());

  app.use('/v1/widget', widgetCors);
  const router = express.Router();
  registerRoutes(router, routes, deps);
  app.use(router);
  for (const mount of options.mounts ?? []) app.use(mount.path, mount.router);

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
