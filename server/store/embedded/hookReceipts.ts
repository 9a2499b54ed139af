import type { HookReceiptRecord } from '../records.ts';
import type { HookReceiptRepository } from '../Store.ts';
import type { Documents } from './layout.ts';

/** Expired receipts are dropped at most this often while webhooks arrive (and by the hourly retention). */
const pruneEveryMs = 60_000;

interface Hold {
  released: Promise<void>;
  release(): void;
}

/**
 * Receipts in a segmented log (one appended line per accepted webhook, whole segments dropped
 * once expired), indexed in memory by key. Claims are held in memory: check and hold happen in
 * one synchronous step, so two identical requests at once store one event.
 */
export function hookReceiptRepository({ hookReceipts }: Documents): HookReceiptRepository {
  const byKey = new Map<string, HookReceiptRecord>();
  for (const receipt of hookReceipts.oldestFirst()) for (const key of receipt.keys) byKey.set(key, receipt);
  const holds = new Map<string, Hold>();
  let prunedAt = 0;

  const letGo = (keys: string[]) => {
    for (const key of keys) {
      holds.get(key)?.release();
      holds.delete(key);
    }
  };

  async function prune(before: string) {
    for (const [key, receipt] of byKey) if (receipt.expiresAt < before) byKey.delete(key);
    await hookReceipts.pruneBefore(before);
  }

  return {
    async claim(keys, now) {
      for (;;) {
        const known = keys.map((key) => byKey.get(key)).find((receipt) => receipt && receipt.expiresAt > now);
        if (known) return known;
        const held = keys.map((key) => holds.get(key)).find(Boolean);
        if (!held) {
          let release = () => {};
          const hold: Hold = { released: new Promise<void>((resolve) => (release = resolve)), release: () => release() };
          for (const key of keys) holds.set(key, hold);
          return undefined;
        }
        await held.released;
      }
    },

    async accept(receipt) {
      for (const key of receipt.keys) byKey.set(key, receipt);
      letGo(receipt.keys);
      await hookReceipts.append(receipt);
      const now = Date.parse(receipt.receivedAt);
      if (now - prunedAt >= pruneEveryMs) {
        prunedAt = now;
        await prune(receipt.receivedAt);
      }
    },

    release: letGo,
    prune,
  };
}
