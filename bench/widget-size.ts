/**
 * Size of the widget's classic-script build (`dist/widget/hitch.js`, Lit included), gzip and brotli.
 * Builds first. Baseline, built in the same run: Lit with one trivial element, the floor any Lit
 * widget pays. Exits 1 above the budget of 25 KB gzip.
 *
 *   node --import tsx bench/widget-size.ts
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'vite';
import { ratio } from './lib/measure.ts';
import { printTable, type Row } from './lib/report.ts';

const budgetGzip = 25 * 1024;
const goalGzip = 20 * 1024;

function sizes(code: Buffer) {
  return {
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Lit and one element, built the same way (IIFE, minified). */
async function baseline(): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), 'hitch-size-'));
  try {
    const entry = join(dir, 'entry.ts');
    writeFileSync(entry, "import { LitElement, html } from 'lit';\ncustomElements.define('x-baseline', class extends LitElement { render() { return html`<p>hi</p>`; } });\n");
    await build({
      configFile: false,
      logLevel: 'silent',
      resolve: { alias: { lit: join(process.cwd(), 'node_modules/lit/index.js') } },
      build: { outDir: join(dir, 'out'), minify: true, lib: { entry, name: 'Baseline', formats: ['iife'], fileName: () => 'baseline.js' } },
    });
    return readFileSync(join(dir, 'out/baseline.js'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;

export async function runWidgetSizeBench(): Promise<boolean> {
  await build({ logLevel: 'warn' });
  const widget = sizes(readFileSync('dist/widget/hitch.js'));
  const floor = sizes(await baseline());
  const rows: Row[] = [
    { name: 'Lit + one trivial element (baseline), gzip', value: kb(floor.gzip) },
    { name: 'Lit + one trivial element (baseline), brotli', value: kb(floor.brotli) },
    { name: 'dist/widget/hitch.js, raw', value: kb(widget.raw) },
    {
      name: 'dist/widget/hitch.js, gzip',
      value: kb(widget.gzip),
      ratio: ratio(widget.gzip, floor.gzip),
      target: `≤ ${kb(budgetGzip)} (goal ${kb(goalGzip)})`,
      ok: widget.gzip <= budgetGzip,
    },
    { name: 'dist/widget/hitch.js, brotli', value: kb(widget.brotli), ratio: ratio(widget.brotli, floor.brotli) },
  ];
  return printTable('Widget size (classic script, Lit included)', rows);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = (await runWidgetSizeBench()) ? 0 : 1;
}
