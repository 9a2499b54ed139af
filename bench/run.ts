// `npm run bench`: every benchmark, each printing its figures beside a baseline measured in the
// same run. Not a test: it exits non-zero when a figure misses its target, and says which.
import { runFoundationBench } from './foundation.ts';
import { runLimitsBench } from './limits.ts';
import { runProxyBench } from './proxy.ts';
import { runWebhooksBench } from './webhooks.ts';
import { runWidgetRenderBench } from './widget-render.ts';
import { runWidgetSizeBench } from './widget-size.ts';

const benches: [string, () => Promise<boolean>][] = [
  ['foundation', runFoundationBench],
  ['limits', async () => (await runLimitsBench()).ok],
  ['proxy', async () => (await runProxyBench()).ok],
  ['webhooks', runWebhooksBench],
  ['widget size', runWidgetSizeBench],
  ['widget render', runWidgetRenderBench],
];

const missed: string[] = [];
for (const [name, run] of benches) {
  if (!(await run())) missed.push(name);
}
console.log(missed.length ? `\nTargets missed in: ${missed.join(', ')}` : '\nAll targets met.');
process.exitCode = missed.length ? 1 : 0;
