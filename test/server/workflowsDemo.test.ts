import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { demoMounts } from '../../demo/mountDemo.ts';
import { ManualClock } from '../../server/clock.ts';
import { client, type Client } from '../helpers/http.ts';
import { bindBrowser, visit, type Callback, type StartedAttempt } from '../helpers/oauthMock.ts';
import { startTestHitch, type TestHitch } from '../helpers/startTestHitch.ts';

const demoWorkflows = fileURLToPath(new URL('../../demo/workflows/', import.meta.url));

/** Binds the browser, then allows access on Acme's consent page like a browser without JavaScript; returns Hitch's callback. */
async function allowAtAcme(started: StartedAttempt): Promise<Callback> {
  const { providerUrl, cookie } = await bindBrowser(started);
  const authorizeUrl = providerUrl.href;
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  const consentId = /name="consent_id" value="([^"]+)"/.exec(await page.text())![1];
  const response = await fetch(new URL('decision', `${authorizeUrl.split('?')[0]}/`), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ consent_id: consentId, user_name: 'Demo user', decision: 'allow' }),
  });
  return { url: new URL(response.headers.get('location')!), cookie, providerUrl };
}

describe('the demo workflows', () => {
  let hitch: TestHitch;
  let app: Client;
  const clock = new ManualClock('2030-01-01T00:01:00Z');
  const executionsOf = async (workflowId: string) => (await hitch.admin.get(`/v1/executions?customerId=example-co&workflowId=${workflowId}`)).body.data;

  before(async () => {
    hitch = await startTestHitch({ clock, mounts: demoMounts, env: { HITCH_WORKFLOWS_DIR: demoWorkflows } });
    app = client(hitch.url);
    const widget = client(hitch.url, (await app.post('/demo/api/hitch-token')).text);
    const started = await widget.post('/v1/widget/oauth/acme-crm/start', {}, { headers: { origin: new URL(hitch.url).origin } });
    await visit(await allowAtAcme(started.body));
    assert.equal((await widget.get(`/v1/widget/oauth/attempts/${started.body.attemptId}`)).body.status, 'succeeded');
  });
  after(() => hitch.close());

  it('are loaded from demo/workflows', async () => {
    const { body } = await hitch.admin.get('/v1/workflows');
    assert.deepEqual(body.data.map((workflow: { id: string }) => workflow.id), ['acme-announce-new-contact', 'acme-sync-contacts']);
  });

  it("syncs each connected customer's contacts on schedule and emits contacts.synced", async () => {
    clock.set('2030-01-01T00:05:00Z');
    await hitch.deps.activity.scheduler.tick();
    await hitch.deps.activity.runs.idle();
    const [run] = await executionsOf('acme-sync-contacts');
    assert.deepEqual([run.triggeredBy, run.status, run.output], ['scheduler', 'succeeded', { count: 5 }]);
    const [synced] = (await hitch.admin.get('/v1/events?customerId=example-co&name=contacts.synced')).body.data;
    assert.equal(synced.payload.count, 5);
  });

  it('refreshes an expired access token before the connection is used', async () => {
    clock.set('2030-01-01T00:20:00Z'); // Acme's demo tokens live 10 minutes
    await hitch.deps.activity.scheduler.tick();
    await hitch.deps.activity.runs.idle();
    const [latest] = await executionsOf('acme-sync-contacts');
    assert.equal(latest.status, 'succeeded', latest.error);
    const [connection] = (await hitch.admin.get('/v1/customers/example-co/connections')).body.data;
    assert.equal(connection.lastRefreshedAt, '2030-01-01T00:20:00.000Z');
  });

  it("runs on Acme's contact.created webhook and emits contact.added", async () => {
    const added = await app.post('/demo/api/contacts', { name: 'Margaret Hamilton', email: 'margaret@apollo.example' });
    assert.equal(added.status, 201, added.text);
    // Acme sends its webhook after answering: wait for the run it starts
    let runs = [];
    for (let i = 0; i < 200 && !runs.length; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      runs = await executionsOf('acme-announce-new-contact');
    }
    assert.equal(runs.length, 1);
    await hitch.deps.activity.runs.idle();
    const done = (await hitch.admin.get(`/v1/executions/${runs[0].id}`)).body;
    assert.equal(done.triggeredBy, 'webhook');
    assert.deepEqual(done.output, { contactId: added.body.id, confirmed: true });
    const [announced] = (await hitch.admin.get('/v1/events?customerId=example-co&name=contact.added')).body.data;
    assert.equal(announced.payload.contact.name, 'Margaret Hamilton');
  });
});
