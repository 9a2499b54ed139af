import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../../server/clock.ts';
import { newId } from '../../server/ids.ts';
import { client } from '../helpers/http.ts';
import { testAdminKey } from '../helpers/testConfig.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

/** An RFC 4180 reader, written here so the test does not trust the code under test. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') row.push(field), (field = '');
    else if (char === '\r' && text[i + 1] === '\n') rows.push([...row, field]), (row = []), (field = ''), i++;
    else field += char;
  }
  assert.equal(field + row.join(''), '', 'the last record ends with CRLF');
  return rows;
}

const header = ['Timestamp', 'User', 'Action', 'Resource', 'Outcome', 'Customer ID', 'IP', 'Detail', 'ID', 'Previous hash', 'Hash'];

describe('GET /v1/audit-log?format=csv|ndjson (downloads)', () => {
  let hitch: TestHitch;

  before(async () => {
    hitch = await startTestHitch({ clock: new ManualClock('2030-01-15T10:00:00.000Z') });
    // A key name with a comma, quotes and a leading "=": quoting and formula neutralizing
    const tricky = await hitch.admin.post('/v1/admin-keys', { name: '=HYPERLINK("x", "y")' });
    await client(hitch.url, tricky.body.key).post('/v1/customers', { id: 'acme', name: 'Acme' });
    await hitch.admin.post('/v1/customers', { id: 'acme', name: 'Again' });
    await hitch.createCustomer('globex');
  });
  after(() => hitch.close());

  const json = async (query = '') => (await hitch.admin.get(`/v1/audit-log?limit=200${query}`)).body.data;
  /** The raw download (the shared helper would parse NDJSON as one JSON document). */
  const download = async (query: string) => {
    const response = await fetch(`${hitch.url}/v1/audit-log?${query}`, { headers: { authorization: `Bearer ${testAdminKey}` } });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };

  it('downloads CSV with the contract columns first, every entry newest first, properly quoted', async () => {
    const response = await download('format=csv');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(response.headers.get('content-disposition')!, /^attachment; filename="audit-log-20300115T100000Z\.csv"$/);
    const [columns, ...rows] = parseCsv(response.text);
    assert.deepEqual(columns, header);
    const entries = await json();
    assert.equal(rows.length, entries.length);
    rows.forEach((row, i) => {
      const entry = entries[i];
      const user = entry.user.startsWith('=') ? `'${entry.user}` : entry.user;
      const expected = [entry.timestamp, user, entry.action, entry.resource, entry.outcome, entry.customerId, entry.ip, entry.detail, entry.id, entry.prevHash, entry.hash];
      assert.deepEqual(row, expected.map((value) => value ?? ''));
    });
    assert.ok(rows.some((row) => row[1] === `'=HYPERLINK("x", "y")`), 'a formula-like cell is neutralized as text');
  });

  it('downloads NDJSON: one entry per line, keys in column order', async () => {
    const response = await download('format=ndjson');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/x-ndjson; charset=utf-8');
    assert.match(response.headers.get('content-disposition')!, /filename="audit-log-20300115T100000Z\.ndjson"/);
    assert.ok(response.text.endsWith('\n'));
    const lines = response.text.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.deepEqual(lines, await json());
    assert.deepEqual(Object.keys(lines[0]).slice(0, 5), ['timestamp', 'user', 'action', 'resource', 'outcome']);
  });

  it('applies the filters to downloads', async () => {
    const csv = parseCsv((await download('format=csv&outcome=failure')).text);
    assert.deepEqual(csv.slice(1).map((row) => [row[2], row[4], row[7]]), [['customer.create', 'failure', 'conflict']]);
    const ndjson = (await download('format=ndjson&customerId=globex')).text.trimEnd().split('\n');
    assert.ok(ndjson.every((line) => JSON.parse(line).customerId === 'globex'));
    assert.equal((await hitch.admin.get('/v1/audit-log?format=xml')).status, 400);
  });

  it('downloads an empty result as the header row alone, or nothing', async () => {
    assert.equal((await download('format=csv&user=nobody')).text, `${header.join(',')}\r\n`);
    assert.equal((await download('format=ndjson&user=nobody')).text, '');
  });

  it('streams a large log whole, in order', async () => {
    const { store, clock } = hitch.deps;
    for (let i = 0; i < 3000; i++) {
      const detail = `bulk ${i}, "quoted" and a line\nbreak`;
      await store.audit.append({ id: newId('aud'), timestamp: new Date(clock.now()).toISOString(), user: 'system', action: 'bulk.test', resource: `bulk/${i}`, outcome: 'success', detail });
    }
    const csv = parseCsv((await download('format=csv&action=bulk.test')).text);
    assert.equal(csv.length, 3001);
    assert.deepEqual([csv[1][3], csv[3000][3]], ['bulk/2999', 'bulk/0']);
    assert.equal(csv[1][7], 'bulk 2999, "quoted" and a line\nbreak');
    const ndjson = (await download('format=ndjson&action=bulk.test')).text.trimEnd().split('\n');
    assert.equal(ndjson.length, 3000);
  });
});
