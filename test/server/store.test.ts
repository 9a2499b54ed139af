import assert from 'node:assert/strict';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileAdapter } from '../../server/store/adapters/fileAdapter.ts';
import { memoryAdapter } from '../../server/store/adapters/memoryAdapter.ts';
import type { StorageAdapter } from '../../server/store/adapters/StorageAdapter.ts';
import { GroupCommit } from '../../server/store/groupCommit.ts';
import { openFileStore } from '../../server/store/index.ts';
import type { QuarantineNotice } from '../../server/store/quarantine.ts';
import { SegmentedLog } from '../../server/store/segmentedLog.ts';
import { newId } from '../../server/ids.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

/** An adapter that notes each whole write and each append, over a real one. */
function countingAdapter(inner: StorageAdapter) {
  const writes: string[] = [];
  const appends: string[] = [];
  const adapter: StorageAdapter = {
    ...inner,
    write: (name, text) => (writes.push(name), inner.write(name, text)),
    append: (name, text) => (appends.push(name), inner.append(name, text)),
  };
  return { writes, appends, adapter };
}

describe('GroupCommit', () => {
  it('folds changes made during a write into one next write, and resolves each caller after its data is written', async () => {
    let written = 0;
    let state = 0;
    const durable: number[] = [];
    const commit = new GroupCommit(async () => {
      const snapshot = state;
      await new Promise((resolve) => setTimeout(resolve, 20));
      durable.push(snapshot);
      written++;
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        state = i + 1;
        const mine = state;
        await commit.commit();
        return durable.some((value) => value >= mine);
      }),
    );
    assert.ok(results.every(Boolean), 'every caller saw its own change on disk');
    assert.ok(written <= 2, `50 commits took ${written} writes`);
  });

  it('tries the next write even when one fails', async () => {
    let calls = 0;
    const commit = new GroupCommit(async () => {
      calls++;
      if (calls === 1) throw new Error('disk full');
    });
    const first = commit.commit();
    const second = commit.commit();
    await assert.rejects(first, /disk full/);
    await second;
    assert.equal(calls, 2);
  });
});

describe('SegmentedLog', () => {
  const open = (adapter: StorageAdapter) =>
    SegmentedLog.open<{ id: string; at: string }>(adapter, 'log', { segmentSize: 10, timeOf: (record) => record.at });

  it('rolls over to a new segment file, so one write never rewrites all history', async () => {
    const { adapter, writes, appends } = countingAdapter(memoryAdapter());
    const log = await open(adapter);
    for (let i = 0; i < 35; i++) await log.append({ id: newId('rec'), at: `2026-01-01T00:00:${String(i).padStart(2, '0')}.000Z` });
    assert.deepEqual(await adapter.list('log'), ['000000000001.ndjson', '000000000002.ndjson', '000000000003.ndjson', '000000000004.ndjson']);
    assert.deepEqual(writes, [], 'new records are appended, nothing is rewritten');
    assert.equal(appends.length, 35);
    assert.equal(appends.at(-1), 'log/000000000004.ndjson');
    const lines = (await adapter.read('log/000000000004.ndjson'))!.trim().split('\n');
    assert.equal(lines.length, 5);
  });

  it('reads back in order after a reopen, pages newest first, updates in place and prunes by age', async () => {
    const dir = tempDataDir();
    const ids: string[] = [];
    const log = await open(fileAdapter(dir));
    for (let i = 0; i < 25; i++) {
      const id = newId('rec');
      ids.push(id);
      await log.append({ id, at: `2026-01-${String(i + 1).padStart(2, '0')}T00:00:00.000Z` });
    }
    const reopened = await open(fileAdapter(dir));
    assert.deepEqual([...reopened.newestFirst()].map((r) => r.id), [...ids].reverse());
    assert.deepEqual([...reopened.newestFirst(ids[5])].map((r) => r.id), ids.slice(0, 5).reverse());
    await reopened.update(ids[3], (record) => ({ ...record, at: '2026-02-01T00:00:00.000Z' }));
    assert.equal((await open(fileAdapter(dir))).get(ids[3])?.at, '2026-02-01T00:00:00.000Z');

    await reopened.pruneBefore('2026-01-21T00:00:00.000Z');
    const kept = [...(await open(fileAdapter(dir))).oldestFirst()].map((r) => r.id);
    assert.deepEqual(kept, [ids[3], ...ids.slice(20)]);
    assert.equal(readdirSync(join(dir, 'log')).filter((f) => !f.startsWith('.')).length, 2, 'the emptied old segment file is gone');
  });
});

describe('SegmentedLog after a crash or a failed write', () => {
  const open = (adapter: StorageAdapter) =>
    SegmentedLog.open<{ id: string; n: number }>(adapter, 'log', { segmentSize: 10, timeOf: () => '' });

  it('drops a last line cut short by a crash, and writes the segment whole before appending again', async () => {
    const adapter = memoryAdapter();
    await adapter.write('log/000000000001.ndjson', '{"id":"rec_1","n":1}\n{"id":"rec_2","n":2}\n{"id":"rec_3","n');
    const log = await open(adapter);
    assert.deepEqual([...log.oldestFirst()].map((r) => r.n), [1, 2]);
    await log.append({ id: 'rec_4', n: 4 });
    assert.equal(await adapter.read('log/000000000001.ndjson'), '{"id":"rec_1","n":1}\n{"id":"rec_2","n":2}\n{"id":"rec_4","n":4}\n');
  });

  it('appends on a new line after a crash left the last line whole but without its newline', async () => {
    const adapter = memoryAdapter();
    await adapter.write('log/000000000001.ndjson', '{"id":"rec_1","n":1}');
    const log = await open(adapter);
    await log.append({ id: 'rec_2', n: 2 });
    assert.equal(await adapter.read('log/000000000001.ndjson'), '{"id":"rec_1","n":1}\n{"id":"rec_2","n":2}\n');
  });

  it('sets a line damaged in the middle aside in quarantine, keeps the others, and writes the segment without it', async () => {
    const adapter = memoryAdapter();
    await adapter.write('log/000000000001.ndjson', '{"id":"rec_1","n":1}\n{"id":\n{"id":"rec_3","n":3}\n');
    const notices: QuarantineNotice[] = [];
    const log = await SegmentedLog.open<{ id: string; n: number }>(adapter, 'log', { segmentSize: 10, timeOf: () => '', onQuarantine: (notice) => notices.push(notice) });
    assert.deepEqual([...log.oldestFirst()].map((r) => r.n), [1, 3]);
    assert.equal(notices.length, 1);
    assert.match(notices[0].file, /^quarantine\/log-000000000001-.+\.ndjson$/);
    assert.deepEqual({ ...notices[0], file: '' }, { file: '', source: 'log/000000000001.ndjson', records: 1 });
    assert.equal(await adapter.read(notices[0].file), '{"id":\n');
    assert.equal(await adapter.read('log/000000000001.ndjson'), '{"id":"rec_1","n":1}\n{"id":"rec_3","n":3}\n');
    await open(adapter);
    assert.deepEqual(await adapter.list('quarantine'), [notices[0].file.slice('quarantine/'.length)], 'the next open finds nothing more to set aside');
  });

  it('after an append that failed part-way, writes the segment whole, so no line is left broken', async () => {
    const inner = memoryAdapter();
    let failNext = false;
    const adapter: StorageAdapter = {
      ...inner,
      async append(name, text) {
        if (!failNext) return inner.append(name, text);
        failNext = false;
        await inner.append(name, text.slice(0, 7));
        throw new Error('ENOSPC: no space left on device');
      },
    };
    const log = await open(adapter);
    await log.append({ id: 'rec_1', n: 1 });
    failNext = true;
    await assert.rejects(log.append({ id: 'rec_2', n: 2 }), /ENOSPC/);
    await log.append({ id: 'rec_3', n: 3 });
    const reopened = await open(inner);
    assert.deepEqual([...reopened.oldestFirst()].map((r) => r.n), [1, 2, 3]);
  });

  it('keeps at most the newest segment open for appends, and nothing once closed', async () => {
    const dir = tempDataDir();
    const adapter = fileAdapter(dir);
    const log = await open(adapter);
    for (let n = 0; n < 35; n++) await log.append({ id: newId('rec'), n });
    assert.deepEqual(openFilesUnder(join(dir, 'log')), [join(dir, 'log', '000000000004.ndjson')]);
    await log.idle();
    await adapter.close();
    assert.deepEqual(openFilesUnder(join(dir, 'log')), []);
    assert.equal([...(await open(fileAdapter(dir))).oldestFirst()].length, 35);
  });
});

/** Files under `folder` this process has open (Linux: the links in /proc/self/fd). */
function openFilesUnder(folder: string): string[] {
  const targets = readdirSync('/proc/self/fd').map((fd) => {
    try {
      return readlinkSync(join('/proc/self/fd', fd));
    } catch {
      return ''; // closed while listing
    }
  });
  return targets.filter((target) => target.startsWith(`${folder}/`)).sort();
}

describe('openFileStore', () => {
  it('keeps small state and activity in separate files', async () => {
    const dir = tempDataDir();
    const store = await openFileStore(dir);
    const now = new Date().toISOString();
    await store.customers.create({ id: 'c1', name: 'C1', email: null, metadata: {}, createdAt: now, updatedAt: now });
    await store.events.append({ id: newId('evt'), customerId: 'c1', type: 'manual', direction: 'incoming', name: 'x', payload: {}, createdAt: now });
    await store.close();
    assert.ok(readFileSync(join(dir, 'state.json'), 'utf8').includes('"c1"'));
    assert.ok(!readFileSync(join(dir, 'state.json'), 'utf8').includes('"manual"'));
    assert.equal(readdirSync(join(dir, 'events')).length, 1);
    assert.ok(!readdirSync(dir).includes('hitch.lock'), 'close releases the lock');
  });
});
