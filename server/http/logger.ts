/** Structured logs: one JSON object per line. Callers pass facts, never secrets or bodies. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const log = (level: string) => (msg: string, fields: Record<string, unknown> = {}) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}

/**
 * Stdout in batches: lines written during one turn of the event loop go out in one write, not one
 * syscall per request. `flush` writes what is pending (before exit).
 */
export function batchedStdout(): { write: (line: string) => void; flush: () => void } {
  let pending: string[] = [];
  const flush = () => {
    if (!pending.length) return;
    const text = pending.join('');
    pending = [];
    process.stdout.write(text);
  };
  return {
    write(line) {
      if (!pending.length) setImmediate(flush);
      pending.push(line);
    },
    flush,
  };
}
