// Widget tests: headless Chromium against a real Hitch server started here.
// Run under tsx, which lets this file import TypeScript:
//   node --import tsx node_modules/@web/test-runner/dist/bin.js --config web-test-runner.config.mjs
import { readFileSync } from 'node:fs';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { spawnHitch } from './test/helpers/spawnHitch.ts';
import { hitchFixtures } from './test/widget/support/hitchFixtures.ts';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const fixtures = hitchFixtures(spawnHitch);

export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: the keyboard and popup tests need real focus and user activation
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  middleware: [fixtures.middleware],
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: 'tsconfig.json',
      define: { __HITCH_VERSION__: JSON.stringify(version) },
    }),
    fixtures.plugin,
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
        headless: true,
        // Keep Chromium's popup blocker on, so a popup without a user gesture is really blocked
        ignoreDefaultArgs: ['--disable-popup-blocking'],
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--disable-quic',
          '--no-first-run',
        ],
      },
    }),
  ],
};
