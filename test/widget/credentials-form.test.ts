import { expect } from '@open-wc/testing';
import {
  activeElement,
  announced,
  button,
  createConnection,
  createCustomer,
  deep,
  deepAll,
  deleteIntegration,
  eventsOf,
  fill,
  integrationItem,
  listConnections,
  mount,
  part,
  putIntegration,
  tokenProvider,
  until,
} from './support/widget.ts';

describe('<hitch-connect> credentials form', () => {
  it('connects an API-key integration from a form built from its fields', async () => {
    const customer = await createCustomer();
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    deep(await integrationItem(el, 'mailbox'), '[part~=connect-button]')!.click();
    const form = await part(el, '[part~=form]');
    await expect(el).to.be.accessible();
    expect(form.querySelector('h3')!.textContent).to.equal('Connect Mailbox');
    const input = form.querySelector<HTMLInputElement>('#f-apiKey')!;
    expect(form.querySelector('label[for=f-apiKey]')!.textContent).to.equal('API key');
    expect(input.type).to.equal('password');
    expect(input.placeholder).to.equal('mb_…');
    expect(activeElement()).to.equal(input);

    fill(el, '#f-apiKey', 'mb_test_123');
    fill(el, '#label', 'Support');
    button(el, 'Connect').click();
    await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected');

    const [saved] = await listConnections(customer.id);
    const { connection } = eventsOf(events, 'hitch-connected')[0].detail;
    expect(connection).to.deep.equal(saved);
    expect(connection).to.include({ integration: 'mailbox', label: 'Support', status: 'active', customerId: customer.id });
    expect(JSON.stringify(eventsOf(events, 'hitch-connected')[0].detail)).not.to.contain('mb_test_123');
    const mailbox = await integrationItem(el, 'mailbox');
    expect(deep(mailbox, '[part~=connection-label]')!.textContent).to.equal('Support');
    expect(mailbox.querySelector('[part~=status]')!.textContent).to.equal('Connected');
    expect(announced(el)).to.equal('Support connected.');
    await until(() => activeElement()?.textContent?.trim() === 'Rename', 'focus on the new account');
    await expect(el).to.be.accessible();
  });

  it('checks patterns and required fields before sending, beside each field', async () => {
    const customer = await createCustomer();
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    deep(await integrationItem(el, 'crm'), '[part~=connect-button]')!.click();
    await part(el, '[part~=form]');
    fill(el, '#f-subdomain', 'Not A Subdomain');
    button(el, 'Connect').click();
    const subdomainError = await part(el, '#f-subdomain-e');
    await until(() => subdomainError.textContent, 'a field error');
    expect(subdomainError.textContent).to.equal('Subdomain does not have the expected format.');
    expect(deep(el, '#f-apiKey-e')!.textContent).to.equal('Enter API key.');
    expect(deep(el, '#f-subdomain')!.getAttribute('aria-invalid')).to.equal('true');
    expect(deep(el, '#f-subdomain')!.getAttribute('aria-describedby')).to.contain('f-subdomain-e');
    expect(activeElement()).to.equal(deep(el, '#f-subdomain'));
    await expect(el).to.be.accessible();
    expect(await listConnections(customer.id)).to.have.length(0);
    expect(eventsOf(events, 'hitch-error')).to.have.length(0);
  });

  it("shows the server's validation errors beside the field, and fires hitch-error", async () => {
    const customer = await createCustomer();
    const key = `strict-${Math.random().toString(36).slice(2, 8)}`;
    const field = { name: 'apiKey', label: 'Token', secret: true };
    await putIntegration(key, { name: 'Strict', authType: 'apiKey', fields: [{ ...field, pattern: '^tk_' }] });
    try {
      const provider = tokenProvider(customer.id, { integrations: [key] });
      const { el, events } = await mount({ customer: customer.id, provider });
      // The organization tightens the pattern while the form is open: only the server knows
      deep(await integrationItem(el, key), '[part~=connect-button]')!.click();
      await part(el, '[part~=form]');
      await putIntegration(key, { name: 'Strict', authType: 'apiKey', fields: [{ ...field, pattern: '^tk_live_' }] });
      fill(el, '#f-apiKey', 'tk_test_1');
      button(el, 'Connect').click();
      await until(() => eventsOf(events, 'hitch-error').length, 'hitch-error');
      expect(eventsOf(events, 'hitch-error')[0].detail.code).to.equal('validation_failed');
      await until(() => deep(el, '#f-apiKey-e')!.textContent, 'the field error');
      expect(deep(el, '#f-apiKey-e')!.textContent).to.equal('Token does not have the expected format');
      expect(deep(el, '#f-apiKey')!.getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
      expect(eventsOf(events, 'hitch-connected')).to.have.length(0);
    } finally {
      await deleteIntegration(key);
    }
  });

  it('connects basic auth with a username and a masked password', async () => {
    const customer = await createCustomer();
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    deep(await integrationItem(el, 'ledger'), '[part~=connect-button]')!.click();
    await part(el, '[part~=form]');
    expect(deep<HTMLInputElement>(el, '#f-username')!.type).to.equal('text');
    expect(deep<HTMLInputElement>(el, '#f-password')!.type).to.equal('password');
    fill(el, '#f-username', 'ada');
    fill(el, '#f-password', 'correct horse');
    button(el, 'Connect').click();
    await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected');
    expect(eventsOf(events, 'hitch-connected')[0].detail.connection).to.include({ integration: 'ledger', authType: 'basic' });
  });

  it('Cancel goes back to the list with focus on the Connect button', async () => {
    const customer = await createCustomer();
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    deep(await integrationItem(el, 'ledger'), '[part~=connect-button]')!.click();
    await part(el, '[part~=form]');
    button(el, 'Cancel').click();
    const ledger = await integrationItem(el, 'ledger');
    await until(() => activeElement() === ledger.querySelector('[part~=connect-button]'), 'focus on Connect');
  });

  it('keeps several accounts of one integration apart by label', async () => {
    const customer = await createCustomer();
    await createConnection(customer.id, 'mailbox', { apiKey: 'mb_1' }, 'Marketing');
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    const mailbox = await integrationItem(el, 'mailbox');
    const add = mailbox.querySelector<HTMLButtonElement>('[part~=connect-button]')!;
    expect(add.textContent!.trim()).to.equal('Add account');
    expect(add.getAttribute('aria-label')).to.equal('Add account: Mailbox');
    add.click();
    await part(el, '[part~=form]');
    fill(el, '#f-apiKey', 'mb_2');
    fill(el, '#label', 'Billing');
    button(el, 'Connect').click();
    await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected');
    const item = await integrationItem(el, 'mailbox');
    expect(deepAll(item, '[part~=connection-label]').map((label) => label.textContent)).to.deep.equal(['Marketing', 'Billing']);
    expect(item.textContent).to.contain('2 accounts');
    expect((await listConnections(customer.id)).map((c) => c.label).sort()).to.deep.equal(['Billing', 'Marketing']);
    await expect(el).to.be.accessible();
  });
});
