import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { scratchDir } from '../../scripts/scratchDir.ts';

/** What a test workflow module imports `defineWorkflow` from: the public entry. */
export const workflowsEntry = pathToFileURL(new URL('../../server/workflows.ts', import.meta.url).pathname).href;

/** A fresh HITCH_WORKFLOWS_DIR holding these modules (file name → source). */
export function workflowsDir(modules: Record<string, string>): string {
  const dir = scratchDir('workflows');
  for (const [file, source] of Object.entries(modules)) writeFileSync(join(dir, file), source);
  return dir;
}

/** A TypeScript workflow module: `defineWorkflow({ … })` around the given object literal body. */
export const workflowModule = (definition: string) =>
  `import { defineWorkflow } from ${JSON.stringify(workflowsEntry)};\nexport default defineWorkflow(${definition});\n`;
