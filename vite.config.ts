import { readFileSync } from 'node:fs';
import { defineConfig } from 'vite';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

/**
 * The widget in library mode: `dist/widget/hitch.mjs` (ES module) and `dist/widget/hitch.js`
 * (one classic script, Lit bundled, one global: `Hitch`).
 */
export default defineConfig({
  define: { __HITCH_VERSION__: JSON.stringify(version) },
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: {
      entry: 'widget/src/index.ts',
      name: 'Hitch',
      formats: ['es', 'iife'],
      fileName: (format) => (format === 'es' ? 'hitch.mjs' : 'hitch.js'),
    },
    rolldownOptions: {
      // `import.meta.url` is only read in the module build; the classic build uses document.currentScript
      onLog(level, log, handler) {
        if (log.code === 'EMPTY_IMPORT_META') return;
        handler(level, log);
      },
    },
  },
});
