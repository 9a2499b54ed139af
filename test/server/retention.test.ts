import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { isoAt, ManualClock } from '../../server/clock.ts';
import { startOutgoingWorld, type OutgoingWorld } from '../helpers/outgoing.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';
import { tempDataDir } from '../helpers/testConfig.ts';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
const t0 = Date.parse('2030-03-01T00:00:00.000Z');

// Activity is kept 1 day, audit entries 3: different, so swapping them shows
const retentionEnv = { HITCH_RETENTION_DAYS: '1', HITCH_AUDIT_RETENTION_DAYS: '3' };

type Label = 'old' | 'middle' | 'new';

/**
 * Made at one clock time: an outgoing event `retention.<label>` (from a workflow run, so an
 * execution too), its delivery attempt, and an audit entry for customer `<label>-customer`.
 */
async function recordBatch(world: OutgoingWorld, label: Label, eventIds: Map<string, Label>) {
  await world.hitch.createCustomer(`${label}-customer`);
  const event = await world.emit(`retention.${label}`);
  await world.drain();
  eventIds.set(event.id, label);
}

/** Old records at t0, middle ones at t0 + 2 days, new ones at t0 + 3 days. */
async function recordHistory(world: OutgoingWorld, clock: ManualClock) {
  const eventIds = new Map<string, Label>();
  await world.endpointFor(['retention.*']);
  clock.set(t0);
  await recordBatch(world, 'old', eventIds);
  clock.set(t0 + 2 * dayMs);
  await recordBatch(world, 'middle', eventIds);
  clock.set(t0 + 3 * dayMs);
  await recordBatch(world, 'new', eventIds);
  return eventIds;
}

/** What the admin API shows: the batch labels found of each kind, and each kind's oldest time. */
async function stored(hitch: TestHitch, eventIds: Map<string, Label>) {
  const list = async (path: string) => {
    const response = await hitch.admin.get(`${path}?limit=200`);
    assert.equal(response.status, 200, response.text);
    assert.equal(response.body.nextCursor, null, 'everything on one page');
    return response.body.data as Record<string, any>[];
  };
  const [events, executions, deliveries, audit] = await Promise.all(['/v1/events', '/v1/executions', '/v1/webhook-deliveries', '/v1/audit-log'].map(list));
  const labels = (names: (string | undefined)[]) => names.filter((name) => name?.startsWith('retention.')).map((name) => name!.slice('retention.'.length)).sort();
  const oldest = (records: Record<string, any>[], field: string) => records.map((record) => record[field] as string).sort()[0];
  return {
    events: labels(events.map((event) => event.name)),
    executions: labels(executions.map((execution) => execution.input?.name)),
    deliveries: deliveries.map((attempt) => eventIds.get(attempt.eventId)).filter(Boolean).sort(),
    audit: audit.map((entry) => /^customer\/(\w+)-customer$/.exec(entry.resource)?.[1]).filter(Boolean).sort(),
    oldest: {
      events: oldest(events, 'createdAt'),
      executions: oldest(executions, 'startedAt'),
      deliveries: oldest(deliveries, 'createdAt'),
      audit: oldest(audit, 'timestamp'),
    },
  };
}

const everything = { events: ['middle', 'new', 'old'], executions: ['middle', 'new', 'old'], deliveries: ['middle', 'new', 'old'], audit: ['middle', 'new', 'old'] };

/**
 * Retention runs in the background (start-up does not wait for it): waits until `done`, at most
 * 2 s. Audit entries go last (after the anchor is saved), so once they are gone the run is over.
 */
async function retentionRan(done: () => Promise<boolean>) {
  const deadline = Date.now() + 2_000;
  while (!(await done())) {
    assert.ok(Date.now() < deadline, 'retention did not run within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('retention (HITCH_RETENTION_DAYS, HITCH_AUDIT_RETENTION_DAYS)', () => {
  it('at start drops events, executions and deliveries older than 1 day and audit entries older than 3; keeps the rest', async () => {
    const clock = new ManualClock(t0);
    const env = { HITCH_DATA_DIR: tempDataDir(), HITCH_ENCRYPTION_KEY: randomBytes(32).toString('base64'), ...retentionEnv };
    const world = await startOutgoingWorld({ clock, storage: 'files', env });
    let eventIds: Map<string, Label>;
    try {
      eventIds = await recordHistory(world, clock);
      const { oldest: _, ...before } = await stored(world.hitch, eventIds);
      assert.deepEqual(before, everything, 'nothing pruned while running (the hourly run is an hour away)');
    } finally {
      await world.close();
    }

    // 3 days 23 hours on: activity before t0 + 2 d 23 h goes, audit entries before t0 + 23 h go
    clock.set(t0 + 3 * dayMs + 23 * hourMs);
    const hitch = await startTestHitch({ clock, storage: 'files', env });
    try {
      await retentionRan(async () => !(await stored(hitch, eventIds)).audit.includes('old'));
      const { oldest, ...kept } = await stored(hitch, eventIds);
      assert.deepEqual(kept, { events: ['new'], executions: ['new'], deliveries: ['new'], audit: ['middle', 'new'] });
      assert.deepEqual(oldest, { events: isoAt(t0 + 3 * dayMs), executions: isoAt(t0 + 3 * dayMs), deliveries: isoAt(t0 + 3 * dayMs), audit: isoAt(t0 + 2 * dayMs) });
      assert.ok(!hitch.logs.some((line) => line.includes('retention failed')), hitch.logs.join('\n'));
    } finally {
      await hitch.close();
    }
  });

  it('runs again every hour while the server runs', async (t) => {
    // The hourly timer is Node's: mocked here, so an hour passes at once (the clock moves by hand)
    t.mock.timers.enable({ apis: ['setInterval'] });
    const clock = new ManualClock(t0);
    const world = await startOutgoingWorld({ clock, env: retentionEnv, activity: { pollMs: 10 * dayMs } });
    try {
      const eventIds = await recordHistory(world, clock);
      const show = async () => {
        const { oldest: _, ...kept } = await stored(world.hitch, eventIds);
        return kept;
      };

      clock.set(t0 + 3 * dayMs + 23 * hourMs);
      assert.deepEqual(await show(), everything, 'nothing pruned before the hour is up');
      t.mock.timers.tick(hourMs);
      await retentionRan(async () => !(await show()).audit.includes('old'));
      assert.deepEqual(await show(), { events: ['new'], executions: ['new'], deliveries: ['new'], audit: ['middle', 'new'] });

      // An hour later, at t0 + 5 d 1 h: the new activity is past 1 day, the middle audit entries past 3
      clock.set(t0 + 5 * dayMs + hourMs);
      t.mock.timers.tick(hourMs);
      await retentionRan(async () => !(await show()).audit.includes('middle'));
      assert.deepEqual(await show(), { events: [], executions: [], deliveries: [], audit: ['new'] });
    } finally {
      await world.close();
    }
  });
});
