import type { StorageAdapter } from '../adapters/StorageAdapter.ts';
import { type OnQuarantine, quarantine } from '../quarantine.ts';
import type { StateDocument } from '../stateDocument.ts';
import type { OAuthAttemptCollections, StateCollections } from './layout.ts';

/**
 * Data dirs written before OAuth attempts had their own document keep them in `state.json`: at
 * open they move into `oauth-attempts.json` (written first), then `state.json` is written again
 * from memory, which never holds them. A crash between the two leaves them in both; the next
 * open moves them again, keeping the copy already moved.
 */
export async function moveOAuthAttempts(
  adapter: StorageAdapter,
  /** `state.json` as it was before the state document opened (which may have written it again). */
  text: string | null,
  documents: { state: StateDocument<StateCollections>; attempts: StateDocument<OAuthAttemptCollections> },
  onQuarantine: OnQuarantine,
): Promise<void> {
  if (!text?.includes('"oauthAttempts"')) return;
  const { state, attempts } = documents;
  const legacy = (JSON.parse(text) as { oauthAttempts?: unknown }).oauthAttempts;
  if (legacy === undefined) return;
  const { oauthAttempts } = attempts.data;
  let setAside = 0;
  for (const attempt of Array.isArray(legacy) ? legacy : []) {
    const id = (attempt as { id?: unknown } | null)?.id;
    try {
      if (typeof id !== 'string') throw new Error('no id');
      // The document's own check: an attempt that cannot be written again is refused here
      if (!oauthAttempts.has(id)) oauthAttempts.set(id, attempt);
    } catch {
      setAside++;
    }
  }
  if (setAside) await quarantine(adapter, { source: 'state.json', name: 'state-oauthAttempts', extension: 'json', text, records: setAside }, onQuarantine);
  await attempts.commit();
  await state.commit();
}
