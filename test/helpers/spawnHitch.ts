import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { testAdminKey, testEnv } from './testConfig.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface SpawnedHitch {
  url: string;
  adminKey: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the process printed. */
  output: () => string;
  /** Resolves with the first match of `pattern` in the output once it was printed; rejects after `timeoutMs` or at exit. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** SIGTERM and wait for the exit and the end of its output; resolves to the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no chance to flush. */
  kill(): Promise<void>;
}

/** Starts `server/main.ts` as a child process (a real, separate server) and waits until it listens. */
export async function spawnHitch(options: { env?: Record<string, string> } = {}): Promise<SpawnedHitch> {
  const env = { ...process.env, ...testEnv(), ...options.env };
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let printed = () => {};
  child.stderr!.on('data', (chunk: Buffer) => {
    output += chunk;
    printed();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // 'close' comes after 'exit' once stdout and stderr are drained: then output() is complete
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      output += `${line}\n`;
      printed();
      if (line.includes('"msg":"listening"')) resolve(JSON.parse(line).url);
    });
    exited.then((code) => reject(new Error(`Hitch exited (${code}) before listening:\n${output}`)));
  });
  return {
    url,
    adminKey: env.HITCH_ADMIN_KEY ?? testAdminKey,
    dataDir: env.HITCH_DATA_DIR!,
    child,
    output: () => output,
    waitForOutput(pattern, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} in the output within ${timeoutMs} ms:\n${output}`)), timeoutMs);
        printed = () => {
          const match = output.match(pattern);
          if (!match) return;
          clearTimeout(timer);
          printed = () => {};
          resolve(match);
        };
        printed();
        closed.then(() => reject(new Error(`Hitch exited without printing ${pattern}:\n${output}`)));
      });
    },
    async stop() {
      child.kill('SIGTERM');
      return closed;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs `server/main.ts` expecting it to fail to start; resolves with its exit code and output. */
export function runHitchExpectingFailure(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}
