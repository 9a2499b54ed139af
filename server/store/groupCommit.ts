/**
 * Group commit: many changes, one write. `commit()` resolves once a write that started after
 * the call has finished, so a caller that changed memory and awaited `commit()` knows its
 * change is on disk. Changes made while a write is in flight share the next write.
 */
export class GroupCommit {
  #flush: () => Promise<void>;
  #writing: Promise<void> | null = null;
  #queued: Promise<void> | null = null;

  constructor(flush: () => Promise<void>) {
    this.#flush = flush;
  }

  commit(): Promise<void> {
    if (!this.#writing) return this.#start();
    if (!this.#queued) {
      const next = () => {
        this.#queued = null;
        return this.#start();
      };
      this.#queued = this.#writing.then(next, next);
    }
    return this.#queued;
  }

  /** Resolves when nothing is being written or waiting to be. */
  async idle(): Promise<void> {
    while (this.#writing || this.#queued) await (this.#queued ?? this.#writing)?.catch(() => {});
  }

  #start(): Promise<void> {
    const writing = this.#flush().finally(() => {
      if (this.#writing === writing) this.#writing = null;
    });
    this.#writing = writing;
    return writing;
  }
}
