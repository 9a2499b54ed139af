import { ConfigError, loadConfig } from './config.ts';
import { jsonLogger } from './http/logger.ts';
import { startHitch } from './start.ts';
import { DataDirLockedError } from './store/index.ts';

const logger = jsonLogger();

async function main() {
  const config = loadConfig(process.env);
  const hitch = await startHitch(config, { logger });
  logger.info('listening', { url: hitch.url });
  printWelcome(hitch.url, hitch.createdAdminKey);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    await hitch.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

function printWelcome(url: string, adminKey?: string) {
  const lines = ['', `  Hitch is running at ${url}`, `    API       ${url}/v1  (docs: ${url}/v1/docs)`, `    Widget    ${url}/widget/hitch.js`];
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
