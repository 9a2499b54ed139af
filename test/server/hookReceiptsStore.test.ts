import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newId } from '../../server/ids.ts';
import { createMemoryStore, openFileStore, type Store } from '../../server/store/index.ts';
import type { HookReceiptRecord } from '../../server/store/records.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

const at = (minute: number) => new Date(Date.UTC(2030, 0, 15, 10, minute)).toISOString();
const receipt = (keys: string[], eventId: string, minute: number): HookReceiptRecord => ({
  id: newId('hrc'),
  keys,
  customerId: 'acme',
  eventId,
  receivedAt: at(minute),
  expiresAt: at(minute + 10),
});

const engines: [string, () => Promise<{ store: Store; reopen?: () => Promise<Store> }>][] = [
  ['memory', async () => ({ store: await createMemoryStore() })],
  [
    'files',
    async () => {
      const dir = tempDataDir();
      return { store: await openFileStore(dir), reopen: () => openFileStore(dir) };
    },
  ],
];

for (const [engine, open] of engines) {
  describe(`HookReceiptRepository (${engine})`, () => {
    it('claims new keys, answers the first receipt for any of its keys until it expires', async () => {
      const { store } = await open();
      const receipts = store.hookReceipts;
      assert.equal(await receipts.claim(['k1', 'k2'], at(0)), undefined);
      await receipts.accept(receipt(['k1', 'k2'], 'evt_1', 0));
      assert.equal((await receipts.claim(['k2'], at(5)))?.eventId, 'evt_1');
      assert.equal((await receipts.claim(['other', 'k1'], at(9)))?.eventId, 'evt_1');
      assert.equal(await receipts.claim(['k1'], at(11)), undefined, 'expired: claimed anew');
      receipts.release(['k1']);
      await store.close();
    });

    it('makes a second claim of a held key wait: it gets the receipt, or the keys when the holder lets go', async () => {
      const { store } = await open();
      const receipts = store.hookReceipts;
      assert.equal(await receipts.claim(['a'], at(0)), undefined);
      const waiting = receipts.claim(['a'], at(0));
      let settled = false;
      void waiting.then(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 10));
      assert.equal(settled, false, 'waits while the key is held');
      await receipts.accept(receipt(['a'], 'evt_a', 0));
      assert.equal((await waiting)?.eventId, 'evt_a');

      assert.equal(await receipts.claim(['b'], at(0)), undefined);
      const next = receipts.claim(['b'], at(0));
      receipts.release(['b']);
      assert.equal(await next, undefined, 'the waiter now holds the key');
      receipts.release(['b']);
      await store.close();
    });

    it('prunes expired receipts', async () => {
      const { store, reopen } = await open();
      await store.hookReceipts.claim(['old'], at(0));
      await store.hookReceipts.accept(receipt(['old'], 'evt_old', 0));
      await store.hookReceipts.claim(['new'], at(8));
      await store.hookReceipts.accept(receipt(['new'], 'evt_new', 8));
      await store.hookReceipts.prune(at(12));
      assert.equal((await store.hookReceipts.claim(['new'], at(12)))?.eventId, 'evt_new');
      await store.close();
      if (!reopen) return;
      const reopened = await reopen();
      assert.equal((await reopened.hookReceipts.claim(['new'], at(12)))?.eventId, 'evt_new', 'kept across a reopen');
      assert.equal(await reopened.hookReceipts.claim(['old'], at(1)), undefined, 'the pruned receipt is gone from disk');
      await reopened.close();
    });
  });
}
