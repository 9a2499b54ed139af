import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { verifyChain } from '../../server/audit/verifyChain.ts';
import { ManualClock } from '../../server/clock.ts';
import { auditHash } from '../../server/store/embedded/activity.ts';
import type { AuditRecord } from '../../server/store/records.ts';
import { startTestHitch } from '../helpers/startTestHitch.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dayMs = 86_400_000;

/** `npm run hitch -- audit verify --data-dir DIR`, as an operator runs it. */
function verify(dataDir: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'audit', 'verify', '--data-dir', dataDir], { cwd: root });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/** Rewrites one stored audit file through `change` (what an attacker with disk access does). */
function tamper(dataDir: string, file: string, change: (lines: string[]) => string[]) {
  const path = join(dataDir, file);
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  writeFileSync(path, `${change(lines).join('\n')}\n`);
}

const firstSegment = 'audit/000000000001.ndjson';

describe('npm run hitch -- audit verify', () => {
  const env = () => ({ HITCH_DATA_DIR: tempDataDir(), HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64') });

  it('reports an intact log, while a running server holds the data dir', async () => {
    const vars = env();
    const hitch = await startTestHitch({ env: vars, storage: 'files' });
    try {
      for (const id of ['acme', 'globex', 'initech']) await hitch.createCustomer(id);
      await hitch.admin.post('/v1/customers', { id: 'acme', name: 'Twice' });
      const entries = (await hitch.admin.get('/v1/audit-log?limit=200')).body.data;
      const { code, output } = await verify(vars.HITCH_DATA_DIR);
      assert.equal(code, 0, output);
      assert.match(output, new RegExp(`^audit log intact \\(${entries.length} entries\\)\nhead hash: ${entries[0].hash}\n$`));
    } finally {
      await hitch.close();
    }
  });

  it('does not read an append still in progress (text after the last newline)', async () => {
    const vars = env();
    const hitch = await startTestHitch({ env: vars, storage: 'files' });
    for (const id of ['acme', 'globex']) await hitch.createCustomer(id);
    await hitch.close();
    const path = join(vars.HITCH_DATA_DIR, firstSegment);
    writeFileSync(path, `${readFileSync(path, 'utf8')}{"id":"aud_half-written","times`);
    const { code, output } = await verify(vars.HITCH_DATA_DIR);
    assert.equal(code, 0, output);
    assert.match(output, /^audit log intact \(2 entries\)/);
  });

  it('finds an edited line and names its file, line and entry id', async () => {
    const vars = env();
    const hitch = await startTestHitch({ env: vars, storage: 'files' });
    for (const id of ['acme', 'globex', 'initech']) await hitch.createCustomer(id);
    await hitch.close();
    const original = readFileSync(join(vars.HITCH_DATA_DIR, firstSegment), 'utf8');
    const third = JSON.parse(original.split('\n')[2]);

    tamper(vars.HITCH_DATA_DIR, firstSegment, (lines) => lines.map((line, i) => (i === 2 ? line.replace('"user":"admin"', '"user":"mallory"') : line)));
    const edited = await verify(vars.HITCH_DATA_DIR);
    assert.equal(edited.code, 1);
    assert.match(edited.output, new RegExp(`^audit log BROKEN at ${firstSegment} line 3 \\(entry ${third.id}\\): the entry was changed`));
    assert.match(edited.output, /\n2 entries before it are intact\n$/);

    writeFileSync(join(vars.HITCH_DATA_DIR, firstSegment), original);
    assert.equal((await verify(vars.HITCH_DATA_DIR)).code, 0);
    tamper(vars.HITCH_DATA_DIR, firstSegment, (lines) => lines.filter((_, i) => i !== 1));
    const removed = await verify(vars.HITCH_DATA_DIR);
    assert.equal(removed.code, 1);
    assert.match(removed.output, new RegExp(`line 2 \\(entry ${third.id}\\): an entry before this one was removed`));
  });

  it('stays verifiable after retention pruned old entries, and still finds a removed oldest entry', async () => {
    const vars = { ...env(), HITCH_AUDIT_RETENTION_DAYS: '300' };
    const clock = new ManualClock('2030-01-01T00:00:00.000Z');
    let hitch = await startTestHitch({ env: vars, storage: 'files', clock });
    for (const id of ['old-1', 'old-2']) await hitch.createCustomer(id);
    clock.advance(200 * dayMs);
    for (const id of ['kept-1', 'kept-2']) await hitch.createCustomer(id);
    await hitch.close();

    // 400 days on, HITCH_AUDIT_RETENTION_DAYS (300) drops the first day's entries, not those of day 200.
    // A prune as the server's retention makes it, with the configured periods, awaited here
    // (start-up runs one too, without waiting; retention.test.ts covers that run)
    clock.advance(200 * dayMs);
    hitch = await startTestHitch({ env: vars, storage: 'files', clock });
    const { retentionDays, auditRetentionDays } = hitch.deps.config;
    let kept: { resource: string }[] = [];
    try {
      await hitch.deps.store.prune({
        activity: new Date(clock.now() - retentionDays * dayMs).toISOString(),
        audit: new Date(clock.now() - auditRetentionDays * dayMs).toISOString(),
      });
      await hitch.createCustomer('new-1');
      kept = (await hitch.admin.get('/v1/audit-log?limit=200')).body.data;
    } finally {
      await hitch.close();
    }
    assert.equal(auditRetentionDays, 300);
    const resources = kept.map((entry) => entry.resource);
    assert.ok(resources.every((resource) => !resource.startsWith('customer/old-')), 'the old entries were pruned');
    for (const id of ['kept-1', 'kept-2', 'new-1']) assert.ok(resources.includes(`customer/${id}`), `the entry for ${id} was kept`);

    const pruned = await verify(vars.HITCH_DATA_DIR);
    assert.equal(pruned.code, 0, pruned.output);
    assert.match(pruned.output, new RegExp(`^audit log intact \\(${kept.length} entries, anchored after aud_\\w+ \\(2030-01-01T00:00:00.000Z\\) where retention pruned\\)`));

    tamper(vars.HITCH_DATA_DIR, firstSegment, (lines) => lines.slice(1));
    const cut = await verify(vars.HITCH_DATA_DIR);
    assert.equal(cut.code, 1);
    assert.match(cut.output, /line 1 \(entry aud_\w+\): entries before this one were removed: it does not follow the retention anchor/);
  });

  it('exits 2 for a folder that is not a data dir', async () => {
    const { code, output } = await verify(tempDataDir());
    assert.equal(code, 2);
    assert.match(output, /is not a Hitch data dir/);
  });
});

describe('verifyChain: where the chain may start', () => {
  const chain = (count: number) => {
    const entries: AuditRecord[] = [];
    for (let i = 0; i < count; i++) {
      const entry = { id: `aud_${String(i).padStart(4, '0')}`, timestamp: '2030-01-01T00:00:00.000Z', user: 'admin', action: 'x.y', resource: `x/${i}`, outcome: 'success' as const };
      const prevHash = entries.at(-1)?.hash ?? '';
      entries.push({ ...entry, prevHash, hash: auditHash(entry, prevHash) });
    }
    return entries;
  };
  async function* lines(entries: AuditRecord[]) {
    for (const [i, entry] of entries.entries()) yield { file: 'audit/1.ndjson', line: i + 1, text: JSON.stringify(entry) };
  }
  const anchorAt = (entry: AuditRecord) => ({ id: 'audit' as const, lastId: entry.id, hash: entry.hash, timestamp: entry.timestamp });

  it('accepts leftovers of an interrupted prune, as long as the chain passes through the anchor', async () => {
    const entries = chain(6);
    const report = await verifyChain(lines(entries.slice(1)), anchorAt(entries[2]));
    assert.deepEqual(report, { intact: true, entries: 5, head: entries[5].hash });
  });

  it('refuses a first entry that does not start the chain when nothing was pruned', async () => {
    const report = await verifyChain(lines(chain(4).slice(1)));
    assert.equal(report.intact, false);
    assert.match((report as { reason: string }).reason, /the first entry must start the chain/);
  });
});
