import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import express, { type Request, type Response, type Router } from 'express';

export const widgetDistDir = fileURLToPath(new URL('../dist/widget/', import.meta.url));

interface Asset {
  mtimeMs: number;
  hash: string;
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
}

/**
 * Mounted at `/widget`: `/widget/hitch.js` and `/widget/hitch.mjs`, loadable from any origin: compressed once
 * (brotli, gzip), revalidated by ETag with a short max-age. `/widget/hitch.<hash>.js` serves the
 * same bytes as an immutable copy, for pages that pin a version.
 */
export function widgetAssets(dir = widgetDistDir): Router {
  const cache = new Map<string, Asset>();
  const load = async (file: string): Promise<Asset | undefined> => {
    const path = join(dir, file);
    const info = await stat(path).catch(() => undefined);
    if (!info) return undefined;
    const cached = cache.get(file);
    if (cached?.mtimeMs === info.mtimeMs) return cached;
    const identity = await readFile(path);
    const asset = {
      mtimeMs: info.mtimeMs,
      hash: createHash('sha256').update(identity).digest('hex').slice(0, 16),
      identity,
      gzip: gzipSync(identity, { level: 9 }),
      br: brotliCompressSync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    };
    cache.set(file, asset);
    return asset;
  };

  const router = express.Router();
  router.get('/:name', async (req, res, next) => {
    const match = /^hitch(?:\.([0-9a-f]{16}))?\.(js|mjs)$/.exec(req.params.name);
    const asset = match && (await load(`hitch.${match[2]}`));
    if (!asset || (match[1] && match[1] !== asset.hash)) return next();
    send(req, res, asset, match[1] !== undefined);
  });
  return router;
}

function send(req: Request, res: Response, asset: Asset, immutable: boolean): void {
  const etag = `"${asset.hash}"`;
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=300');
  res.setHeader('ETag', etag);
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('X-Hitch-Widget-Hash', asset.hash);
  if (req.headers['if-none-match'] === etag) return void res.status(304).end();
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : 'identity';
  if (encoding !== 'identity') res.setHeader('Content-Encoding', encoding);
  res.type('text/javascript').send(asset[encoding]);
}

