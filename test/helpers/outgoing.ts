import assert from 'node:assert/strict';
import { ManualClock } from '../../server/clock.ts';
import { apiKeyIntegration, connectCustomer } from './connect.ts';
import { startReceiver, type Answer, type ReceivedWebhook, type Receiver } from './receiver.ts';
import { startTestHitch, type TestHitch, type TestHitchOptions } from './startTestHitch.ts';
import { workflowModule, workflowsDir } from './workflowsDir.ts';

/** A workflow that emits the outgoing event named in its input: the tests' source of outgoing events. */
const emitterModules = {
  'emitter.ts': workflowModule(`{
    id: 'emitter', name: 'Emitter', integration: 'crm', triggers: { manual: true },
    run: (ctx) => ctx.emit(ctx.input.name, ctx.input.payload ?? {}),
  }`),
};

export interface OutgoingWorld {
  hitch: TestHitch;
  clock: ManualClock;
  /** A receiver, and an endpoint for it that takes only `events`. */
  endpointFor(events: string[], answer?: (received: ReceivedWebhook, index: number) => Answer): Promise<{ receiver: Receiver; endpoint: { id: string; secret: string } }>;
  /** Records an outgoing event for customer `acme` through a workflow run. */
  emit(name: string, payload?: unknown): Promise<{ id: string; name: string }>;
  /** Delivers everything due at the clock's time. */
  drain(): Promise<void>;
  attempts(query: string): Promise<any[]>;
  close(): Promise<void>;
}

/** A test server with customer `acme` connected to `crm`, the emitter workflow, and a retry schedule of 1, 2, 3 s. */
export async function startOutgoingWorld(options: TestHitchOptions = {}): Promise<OutgoingWorld> {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock();
  const hitch = await startTestHitch({
    ...options,
    clock,
    env: { HITCH_WORKFLOWS_DIR: workflowsDir(emitterModules), HITCH_WEBHOOK_RETRY_SCHEDULE: '1,2,3', ...options.env },
  });
  await apiKeyIntegration(hitch, 'crm', 'http://127.0.0.1:9');
  await connectCustomer(hitch, 'acme', 'crm', 'acme-key');
  const receivers: Receiver[] = [];
  return {
    hitch,
    clock,
    async endpointFor(events, answer) {
      const receiver = await startReceiver(answer);
      receivers.push(receiver);
      const created = await hitch.admin.post('/v1/webhook-endpoints', { url: receiver.url, events });
      assert.equal(created.status, 201, created.text);
      return { receiver, endpoint: created.body };
    },
    async emit(name, payload = {}) {
      const started = await hitch.admin.post('/v1/customers/acme/workflows/emitter/runs', { input: { name, payload } });
      assert.equal(started.status, 202, started.text);
      await hitch.deps.activity.runs.idle();
      return (await hitch.admin.get(`/v1/executions/${started.body.id}`)).body.output;
    },
    drain: () => hitch.deps.activity.deliveries.drain(),
    attempts: async (query) => (await hitch.admin.get(`/v1/webhook-deliveries?${query}`)).body.data,
    async close() {
      await hitch.close();
      await Promise.all(receivers.map((receiver) => receiver.close()));
    },
  };
}
