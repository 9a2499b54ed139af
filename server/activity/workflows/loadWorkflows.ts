import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../config.ts';
import { parseWorkflow, type LoadedWorkflow } from './defineWorkflow.ts';
import { WorkflowCatalog } from './WorkflowCatalog.ts';

/** A workflow module that cannot be used: start-up stops with its file name and the reason. */
export class WorkflowLoadError extends ConfigError {}

const moduleFile = /^[^._].*(?<!\.d)\.(ts|mts|js|mjs)$/;

/**
 * Loads every module of `dir` (not its sub-folders; files starting with `.` or `_` are skipped)
 * and validates its default export as a workflow. Ids must be unique across files.
 */
export async function loadWorkflows(dir: string | undefined): Promise<WorkflowCatalog> {
  if (!dir) return new WorkflowCatalog([]);
  const files = await moduleFiles(dir);
  const workflows: LoadedWorkflow[] = [];
  const fileOf = new Map<string, string>();
  for (const file of files) {
    const workflow = await loadModule(join(dir, file));
    const earlier = fileOf.get(workflow.id);
    if (earlier) throw new WorkflowLoadError(`Invalid workflow module ${shown(join(dir, file))}: the id "${workflow.id}" is also used by ${shown(earlier)}`);
    fileOf.set(workflow.id, join(dir, file));
    workflows.push(workflow);
  }
  return new WorkflowCatalog(workflows);
}

async function moduleFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isFile() && moduleFile.test(entry.name)).map((entry) => entry.name).sort();
  } catch (error) {
    throw new WorkflowLoadError(`Invalid HITCH_WORKFLOWS_DIR: ${dir} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

async function loadModule(path: string): Promise<LoadedWorkflow> {
  let exported: unknown;
  try {
    exported = ((await import(pathToFileURL(path).href)) as { default?: unknown }).default;
  } catch (error) {
    throw new WorkflowLoadError(`Invalid workflow module ${shown(path)}: ${oneLine(error)}`);
  }
  if (exported === undefined) {
    throw new WorkflowLoadError(`Invalid workflow module ${shown(path)}: no default export (export default defineWorkflow({ … }))`);
  }
  try {
    return parseWorkflow(exported);
  } catch (error) {
    throw new WorkflowLoadError(`Invalid workflow module ${shown(path)}: ${oneLine(error)}`);
  }
}

/** A path as the operator gave it: relative to the working directory when inside it. */
function shown(path: string): string {
  const fromCwd = relative(process.cwd(), path);
  return fromCwd && !fromCwd.startsWith('..') ? fromCwd : path;
}

/** The reason on one line (compilers report over several). */
function oneLine(error: unknown): string {
  const text = String((error as Error)?.message ?? error).split('\n').map((line) => line.trim()).filter(Boolean).join(' ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
