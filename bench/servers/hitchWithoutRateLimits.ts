// Hitch exactly as server/main.ts runs it, except that no route counts against requestsPerMinute:
// the baseline of bench/limits.ts. Everything else (auth guard, logging, store) is the same.
import { loadConfig } from '../../server/config.ts';
import { jsonLogger } from '../../server/http/logger.ts';
import { routes } from '../../server/routes/index.ts';
import { startHitch } from '../../server/start.ts';

const logger = jsonLogger();
const hitch = await startHitch(loadConfig(process.env), {
  logger,
  routes: routes.map((route) => ({ ...route, rateLimited: false })),
});
logger.info('listening', { url: hitch.url });
process.on('SIGTERM', () => void hitch.close().then(() => process.exit(0)));
