import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

export const widgetDistDir = fileURLToPath(new URL('../dist/widget/', import.meta.url));

/**
 * `/widget/hitch.js` and `/widget/hitch.mjs`: loadable from any origin, revalidated by ETag
 * (short max-age, since the names are not versioned).
 */
export function widgetAssets(dir = widgetDistDir): Router {
  const router = express.Router();
  router.use(
    '/widget',
    express.static(dir, {
      index: false,
      etag: true,
      maxAge: '5m',
      setHeaders(res) {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
      },
    }),
  );
  return router;
}
