import { newId } from '../../server/ids.ts';
import type { EventRecord } from '../../server/store/records.ts';
import { openFileStore } from '../../server/store/index.ts';
import { scratchDir } from '../../scripts/scratchDir.ts';

/**
 * A data dir holding the customer `bench` and `stored` events shaped by `event`, written through
 * the store (not HTTP), so a bench can measure writes against a long history without waiting.
 */
export async function seededDataDir(stored: number, event: Pick<EventRecord, 'type' | 'integration'>): Promise<string> {
  const dataDir = scratchDir('history');
  const store = await openFileStore(dataDir);
  const now = new Date().toISOString();
  await store.customers.create({ id: 'bench', name: 'Bench', email: null, metadata: {}, createdAt: now, updatedAt: now });
  for (let i = 0; i < stored; i += 500) {
    await Promise.all(
      Array.from({ length: Math.min(500, stored - i) }, (_, n) =>
        store.events.append({ ...event, id: newId('evt'), customerId: 'bench', direction: 'incoming', name: 'seed', payload: { n: i + n }, createdAt: now }),
      ),
    );
  }
  await store.close();
  return dataDir;
}
