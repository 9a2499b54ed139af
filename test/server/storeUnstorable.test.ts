import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileAdapter } from '../../server/store/adapters/fileAdapter.ts';
import { memoryAdapter } from '../../server/store/adapters/memoryAdapter.ts';
import type { StorageAdapter } from '../../server/store/adapters/StorageAdapter.ts';
import type { QuarantineNotice } from '../../server/store/quarantine.ts';
import { SegmentedLog } from '../../server/store/segmentedLog.ts';
import { openStateDocument } from '../../server/store/stateDocument.ts';
import { UnstorableRecordError } from '../../server/store/storableRecord.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

/** An array nested `levels` deep, built without recursion. */
function nestedArray(levels: number): unknown {
  let value: unknown[] = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
}

/** The same as JSON text. */
const nestedText = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

/** Calls `fn` from `frames` nested calls deep: a write that runs deep in the stack, as some do at start. */
function fromDeepInTheStack<T>(frames: number, fn: () => T): T {
  return frames === 0 ? fn() : fromDeepInTheStack(frames - 1, fn);
}

interface Item {
  id: string;
  n: number;
  value?: unknown;
}

// 32,000 levels overflow JSON.stringify anywhere; 4,110 pass it from the top of the stack but
// not from deeper down: both must be refused up front, not on some later write
const unstorable: [string, () => unknown][] = [
  ['nested 32,000 levels deep', () => nestedArray(32_000)],
  ['nested 4,110 levels deep', () => nestedArray(4_110)],
  ['cyclic', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    return cycle;
  }],
  ['a BigInt', () => 10n],
];

describe('SegmentedLog given a record it cannot serialise', () => {
  const open = (adapter: StorageAdapter) => SegmentedLog.open<Item>(adapter, 'log', { segmentSize: 4, timeOf: () => '' });

  for (const [what, value] of unstorable) {
    it(`refuses one ${what} before it enters memory; other records stay writable, and the log opens again`, async () => {
      const dir = tempDataDir();
      const log = await open(fileAdapter(dir));
      await log.append({ id: 'rec_1', n: 1 });
      await assert.rejects(log.append({ id: 'rec_2', n: 2, value: value() }), UnstorableRecordError);
      assert.equal(log.get('rec_2'), undefined, 'nothing of it is kept');
      assert.equal(log.size, 1);
      // Appends (also into a new segment), updates and removals of other records go on
      for (let n = 3; n <= 6; n++) await log.append({ id: `rec_${n}`, n });
      await log.update('rec_1', (record) => ({ ...record, n: 10 }));
      await assert.rejects(log.update('rec_3', (record) => ({ ...record, value: value() })), UnstorableRecordError);
      assert.deepEqual(log.get('rec_3'), { id: 'rec_3', n: 3 }, 'a refused update leaves the record as it was');
      await log.removeWhere((record) => record.n === 4);
      await log.idle();
      const reopened = await open(fileAdapter(dir));
      assert.deepEqual([...reopened.oldestFirst()].map((record) => record.n), [10, 3, 5, 6]);
    });
  }

  it('refuses one even when the write happens deep in the call stack', async () => {
    const log = await open(memoryAdapter());
    await assert.rejects(fromDeepInTheStack(2_000, () => log.append({ id: 'rec_1', n: 1, value: nestedArray(4_110) })), UnstorableRecordError);
    await fromDeepInTheStack(2_000, () => log.append({ id: 'rec_2', n: 2, value: nestedArray(500) }));
    assert.equal(log.size, 1);
  });
});

describe('a state document given a record it cannot serialise', () => {
  const keys = { items: (item: Item) => item.id };

  for (const [what, value] of unstorable) {
    it(`refuses one ${what} before it enters the Map; other records stay writable, and the document opens again`, async () => {
      const dir = tempDataDir();
      const document = await openStateDocument<{ items: Item }>(fileAdapter(dir), 'state.json', keys);
      const { items } = document.data;
      items.set('rec_1', { id: 'rec_1', n: 1 });
      await document.commit();
      assert.throws(() => items.set('rec_1', { id: 'rec_1', n: 1, value: value() }), UnstorableRecordError);
      assert.throws(() => items.set('rec_2', { id: 'rec_2', n: 2, value: value() }), UnstorableRecordError);
      assert.deepEqual([...items.values()], [{ id: 'rec_1', n: 1 }], 'the Map is as it was');
      items.set('rec_3', { id: 'rec_3', n: 3 });
      await document.commit();
      const reopened = await openStateDocument<{ items: Item }>(fileAdapter(dir), 'state.json', keys);
      assert.deepEqual([...reopened.data.items.keys()], ['rec_1', 'rec_3']);
    });
  }
});

describe('opening what was written before these checks existed', () => {
  it('sets aside segment lines nested too deep to be written again, and updates the others', async () => {
    const adapter = memoryAdapter();
    const lines = ['{"id":"rec_1","n":1}', `{"id":"rec_2","n":2,"value":${nestedText(4_110)}}`, `{"id":"rec_3","n":3,"value":${nestedText(32_000)}}`, '{"id":"rec_4","n":4}', '"not a record"'];
    await adapter.write('log/000000000001.ndjson', `${lines.join('\n')}\n`);
    const notices: QuarantineNotice[] = [];
    const log = await SegmentedLog.open<Item>(adapter, 'log', { segmentSize: 10, timeOf: () => '', onQuarantine: (notice) => notices.push(notice) });
    assert.deepEqual([...log.oldestFirst()].map((record) => record.n), [1, 4]);
    assert.equal(notices.length, 1);
    assert.equal(notices[0].records, 3);
    assert.equal(await adapter.read(notices[0].file), `${lines.slice(1, 3).join('\n')}\n${lines[4]}\n`, 'set aside as found');
    // From deep in the stack, as the start's interrupted-execution sweep updates records
    await fromDeepInTheStack(2_000, () => log.update('rec_1', (record) => ({ ...record, n: 10 })));
    assert.equal(await adapter.read('log/000000000001.ndjson'), '{"id":"rec_1","n":10}\n{"id":"rec_4","n":4}\n');
  });

  it('sets aside a state document holding records it cannot keep: the document as found goes to quarantine, the rest stays', async () => {
    const adapter = memoryAdapter();
    const text = `{"version":1,"items":[{"id":"rec_1","n":1},{"id":"rec_2","n":2,"value":${nestedText(32_000)}},{"n":3},null]}`;
    await adapter.write('state.json', text);
    const notices: QuarantineNotice[] = [];
    const document = await openStateDocument<{ items: Item }>(adapter, 'state.json', { items: (item: Item) => item.id }, (notice) => notices.push(notice));
    assert.deepEqual([...document.data.items.values()], [{ id: 'rec_1', n: 1 }]);
    assert.equal(notices.length, 1);
    assert.match(notices[0].file, /^quarantine\/state-.+\.json$/);
    assert.equal(notices[0].records, 3);
    assert.equal(await adapter.read(notices[0].file), text);
    assert.equal(await adapter.read('state.json'), '{"version":1,"items":[{"id":"rec_1","n":1}]}');
  });

  it('refuses to open a state document that is not JSON at all, naming it', async () => {
    const adapter = memoryAdapter();
    await adapter.write('state.json', '{"version":1,"items":[');
    await assert.rejects(openStateDocument(adapter, 'state.json', { items: (item: Item) => item.id }), /state\.json in the data dir is not valid JSON/);
  });
});
