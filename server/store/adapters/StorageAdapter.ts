/**
 * Where the document store keeps its files: named text documents in folders.
 * `write` is atomic: a reader sees the old text or the new one, never a mix.
 */
export interface StorageAdapter {
  read(name: string): Promise<string | null>;
  write(name: string, text: string): Promise<void>;
  /** Names of the documents directly in `folder`, sorted. */
  list(folder: string): Promise<string[]>;
  remove(name: string): Promise<void>;
}
