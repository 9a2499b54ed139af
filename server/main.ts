import { ConfigError, loadConfig } from './config.ts';
import type { AppDeps } from './deps.ts';
import { batchedStdout, jsonLogger } from './http/logger.ts';
import { startHitch } from './start.ts';
import { DataDirLockedError } from './store/index.ts';

const stdout = batchedStdout();
const logger = jsonLogger(stdout.write);
process.on('exit', stdout.flush);

async function main() {
  const config = loadConfig(process.env);
  // The demo (host app and demo provider under /demo) is never loaded in production.
  const demo = !config.production;
  const mounts = demo ? async (deps: AppDeps) => (await import('../demo/mountDemo.ts')).demoMounts(deps) : undefined;
  const hitch = await startHitch(config, { logger, mounts });
  logger.info('listening', { url: hitch.url });
  printWelcome(hitch.url, hitch.createdAdminKey, demo);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    await hitch.close();
    process.exit(0);
  };
  // Workflow code runs in this process: a promise it forgets to handle must not stop the server
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection', { error: reason instanceof Error ? reason.message : String(reason) });
  });
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function printWelcome(url: string, adminKey?: string, demo = false) {
  const lines = ['', `  Hitch is running at ${url}`, `    API       ${url}/v1  (docs: ${url}/v1/docs)`, `    Widget    ${url}/widget/hitch.js`];
  if (demo) lines.splice(2, 0, `    Demo      ${url}/demo/  (open this: the widget, OAuth and the API proxy, nothing to set up)`);
  if (adminKey) {
    lines.push('', '  An admin API key was created (shown once; only its hash is stored):', `    ${adminKey}`);
  }
  process.stderr.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`hitch: ${error.message}\n`);
  } else {
    process.stderr.write(`hitch: could not start: ${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});
