import { createRequire } from 'node:module';
import express, { type Router } from 'express';

// absolute-path.js, not the package main, which would load the whole UI bundle into the server
const swaggerUiDir = (createRequire(import.meta.url)('swagger-ui-dist/absolute-path.js') as () => string)();

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Hitch API</title>
  <link rel="stylesheet" href="/v1/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/v1/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/v1/docs/init.js"></script>
</body>
</html>`;

// A file, not an inline script, so the page runs under the default strict CSP
const init = `window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#swagger-ui', deepLinking: true });`;

/** Mounted at `/v1/docs`: the OpenAPI document rendered by Swagger UI, served from this server. */
export function docsRouter(): Router {
  const router = express.Router();
  router.get('/', (_req, res) => void res.type('html').send(page));
  router.get('/init.js', (_req, res) => void res.type('js').send(init));
  router.use('/assets', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));
  return router;
}
