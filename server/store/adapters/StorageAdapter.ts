/**
 * Where the document store keeps its files: named text documents in folders.
 * `write` is atomic: a reader sees the old text or the new one, never a mix.
 */
export interface StorageAdapter {
  read(name: string): Promise<string | null>;
  write(name: string, text: string): Promise<void>;
  /**
   * Adds `text` at the end of the document, creating it: how a log grows without rewriting
   * what is already there. Not atomic: a crash can leave part of `text` at the end.
   */
  append(name: string, text: string): Promise<void>;
  /** Done appending to `name` for now: lets go of what `append` keeps open for it. */
  release(name: string): Promise<void>;
  /** Names of the documents directly in `folder`, sorted. */
  list(folder: string): Promise<string[]>;
  remove(name: string): Promise<void>;
  /** Lets go of everything held open; call once every write has finished. */
  close(): Promise<void>;
}
