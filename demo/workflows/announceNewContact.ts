/**
 * A webhook-triggered workflow: Acme CRM posts `contact.created` to the customer's hook URL
 * (`/v1/hooks/<customer>/acme-crm`); this checks the contact through the customer's own
 * connection and tells the host app with an outgoing `contact.added` event.
 */
import { defineWorkflow } from '../../server/workflows.ts';

interface ContactCreated {
  contact?: { id: string; name: string; email: string };
}

export default defineWorkflow<ContactCreated>({
  id: 'acme-announce-new-contact',
  name: 'Announce new Acme CRM contacts',
  description: 'On an Acme CRM contact.created webhook, confirms the contact and emits contact.added.',
  integration: 'acme-crm',
  triggers: { events: ['contact.created'] },
  async run(ctx) {
    const { contact } = ctx.input;
    if (!contact) throw new Error('The contact.created webhook carried no contact.');
    ctx.log(`Acme CRM reports a new contact: ${contact.name}.`);
    const response = await ctx.connection.fetch('/contacts');
    if (!response.ok) throw new Error(`Acme CRM answered ${response.status} to GET /contacts.`);
    const { data } = (await response.json()) as { data: { id: string }[] };
    const confirmed = data.some((candidate) => candidate.id === contact.id);
    await ctx.emit('contact.added', { contact, confirmed });
    return { contactId: contact.id, confirmed };
  },
});
