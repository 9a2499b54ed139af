/**
 * A scheduled workflow: every five minutes, for every customer connected to Acme CRM, read the
 * customer's contacts with its own connection and tell the host app (an outgoing event, which
 * goes to the webhook endpoints) how many there are. Also runnable by hand.
 */
import { defineWorkflow } from '../../server/workflows.ts';

interface AcmeContact {
  id: string;
  name: string;
  email: string;
}

export default defineWorkflow({
  id: 'acme-sync-contacts',
  name: 'Sync Acme CRM contacts',
  description: "Reads each connected customer's Acme CRM contacts and emits contacts.synced.",
  integration: 'acme-crm',
  triggers: { schedule: '*/5 * * * *', manual: true },
  async run(ctx) {
    const response = await ctx.connection.fetch('/contacts');
    if (!response.ok) throw new Error(`Acme CRM answered ${response.status} to GET /contacts.`);
    const { data } = (await response.json()) as { data: AcmeContact[] };
    ctx.log(`Fetched ${data.length} contacts with the connection "${ctx.connection.label}".`);
    const contacts = data.map(({ id, name, email }) => ({ id, name, email }));
    await ctx.emit('contacts.synced', { connectionId: ctx.connection.id, count: contacts.length, contacts });
    return { count: contacts.length };
  },
});
