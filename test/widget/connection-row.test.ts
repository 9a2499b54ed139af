import { expect } from '@open-wc/testing';
import {
  activeElement,
  announced,
  blockUrls,
  button,
  createConnection,
  createCustomer,
  deep,
  deepAll,
  eventsOf,
  fill,
  hitchServer,
  integrationItem,
  listConnections,
  mount,
  part,
  tokenProvider,
  until,
} from './support/widget.ts';

const dialogOf = (el: Element) => deep<HTMLDialogElement>(el, 'dialog')!;

describe('<hitch-connect> accounts', () => {
  afterEach(() => blockUrls([]));

  it('renames an account, which keeps its place', async () => {
    const customer = await createCustomer();
    const connection = await createConnection(customer.id, 'mailbox', { apiKey: 'mb_1' }, 'Marketing');
    await createConnection(customer.id, 'mailbox', { apiKey: 'mb_2' }, 'Billing');
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    const mailbox = await integrationItem(el, 'mailbox');
    const labels = () => deepAll(mailbox, '[part~=connection-label]').map((label) => label.textContent);
    const before = labels();
    deep(mailbox, '[aria-label="Rename: Marketing"]')!.click();
    const input = await part<HTMLInputElement>(mailbox, '[part~=input]');
    await until(() => activeElement() === input, 'focus in the label input');
    expect(input.value).to.equal('Marketing');
    await expect(el).to.be.accessible();
    fill(mailbox, '[part~=input]', 'Newsletters');
    button(mailbox, 'Save').click();
    await until(() => labels().includes('Newsletters'), 'the new label');
    expect(labels()).to.deep.equal(before.map((label) => (label === 'Marketing' ? 'Newsletters' : label)));
    expect((await listConnections(customer.id)).find((c) => c.id === connection.id)).to.include({ label: 'Newsletters' });
    expect(announced(el)).to.equal('Renamed to Newsletters.');
    await until(() => activeElement()?.getAttribute('aria-label') === 'Rename: Newsletters', 'focus back on Rename');
    expect(eventsOf(events, 'hitch-connected')).to.have.length(0);
    expect(eventsOf(events, 'hitch-error')).to.have.length(0);
  });

  it('refuses an empty label, and Escape leaves the label unchanged', async () => {
    const customer = await createCustomer();
    await createConnection(customer.id, 'mailbox', { apiKey: 'mb_1' }, 'Marketing');
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    const mailbox = await integrationItem(el, 'mailbox');
    button(mailbox, 'Rename').click();
    await part(mailbox, '[part~=input]');
    fill(mailbox, '[part~=input]', '   ');
    button(mailbox, 'Save').click();
    await until(() => deep(mailbox, '[role=alert]')?.textContent, 'an error');
    expect(deep(mailbox, '[role=alert]')!.textContent).to.equal('Enter Account name.');
    expect(deep(mailbox, '[part~=input]')!.getAttribute('aria-invalid')).to.equal('true');
    await expect(el).to.be.accessible();
    deep(mailbox, '[part~=input]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    await until(() => deep(mailbox, '[part~=connection-label]')?.textContent === 'Marketing', 'the old label');
    expect((await listConnections(customer.id))[0].label).to.equal('Marketing');
  });

  it('disconnects after confirmation, and not on Cancel', async () => {
    const customer = await createCustomer();
    const connection = await createConnection(customer.id, 'mailbox', { apiKey: 'mb_1' }, 'Marketing');
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    const mailbox = await integrationItem(el, 'mailbox');

    button(mailbox, 'Disconnect').click();
    await until(() => dialogOf(el).open, 'the dialog');
    expect(dialogOf(el).textContent).to.contain('Disconnect Marketing?');
    await expect(el).to.be.accessible();
    button(el, 'Cancel').click();
    await until(() => !dialogOf(el).open, 'the dialog to close');
    expect(await listConnections(customer.id)).to.have.length(1);

    button(mailbox, 'Disconnect').click();
    await until(() => dialogOf(el).open, 'the dialog');
    button(dialogOf(el), 'Disconnect').click();
    await until(() => eventsOf(events, 'hitch-disconnected').length, 'hitch-disconnected');
    expect(eventsOf(events, 'hitch-disconnected')[0].detail).to.deep.equal({ connectionId: connection.id });
    expect(await listConnections(customer.id)).to.have.length(0);
    expect(deep(mailbox, '[part~=connection]')).to.equal(null);
    expect(mailbox.querySelector('[part~=status]')!.textContent).to.equal('Not connected');
    expect(announced(el)).to.equal('Marketing disconnected.');
    await until(() => activeElement() === mailbox.querySelector('[part~=connect-button]'), 'focus on Connect');
    await expect(el).to.be.accessible();
  });

  it('shows an alert and fires hitch-error when disconnecting fails', async () => {
    const customer = await createCustomer();
    await createConnection(customer.id, 'mailbox', { apiKey: 'mb_1' }, 'Marketing');
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    const mailbox = await integrationItem(el, 'mailbox');
    await blockUrls([`${await hitchServer()}/v1/widget/connections/*`]);
    button(mailbox, 'Disconnect').click();
    await until(() => dialogOf(el).open, 'the dialog');
    button(dialogOf(el), 'Disconnect').click();
    await until(() => eventsOf(events, 'hitch-error').length, 'hitch-error');
    expect(eventsOf(events, 'hitch-error')[0].detail.code).to.equal('network_error');
    const alert = el.shadowRoot!.querySelector('[role=alert]')!;
    await until(() => alert.textContent === 'The server could not be reached.', 'the alert');
    expect(await listConnections(customer.id)).to.have.length(1);
    expect(eventsOf(events, 'hitch-disconnected')).to.have.length(0);
    await expect(el).to.be.accessible();
  });
});
