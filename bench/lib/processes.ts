import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a TypeScript server file in its own process (so the load generator never shares its
 * event loop) and waits for its `{"msg":"listening","url":…}` line. Later output is drained.
 */
export async function startProcess(file: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      if (line.includes('"msg":"listening"')) resolve(JSON.parse(line).url);
    });
    exited.then(() => reject(new Error(`${file} exited before listening`)));
  });
  return {
    url,
    child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const startBaseline = () => startProcess('bench/servers/helloExpress.ts');

/** The baseline's app on the HTTP server Hitch uses, for information. */
export const startBaselineOnHitchServer = () => startProcess('bench/servers/helloExpress.ts', { SERVER: 'hitch' });
