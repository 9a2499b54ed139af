import { expect } from '@open-wc/testing';
import {
  blockUrls,
  button,
  createConnection,
  createCustomer,
  createEvent,
  deep,
  deepAll,
  hitchServer,
  mount,
  part,
  tokenProvider,
  until,
} from './support/widget.ts';

async function openActivity(el: HTMLElement) {
  const details = await part<HTMLDetailsElement>(el, '[part~=activity]');
  details.querySelector('summary')!.click();
  await until(() => deep(el, 'hitch-activity-list'), 'the activity list');
}

describe('<hitch-connect> activity', () => {
  afterEach(() => blockUrls([]));

  it("shows the customer's recent events, newest first, when opened", async () => {
    const customer = await createCustomer();
    await createConnection(customer.id, 'mailbox', { apiKey: 'mb_1' }, 'Marketing');
    await createEvent(customer.id, 'invoice.paid');
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    await openActivity(el);
    await until(() => deepAll(el, '[part~=activity-item]').length === 2, 'two events');
    const items = deepAll(el, '[part~=activity-item]').map((item) => item.textContent!.replace(/\s+/g, ' ').trim());
    expect(items[0]).to.match(/^invoice\.paid /);
    expect(items[1]).to.match(/^Account connected · Mailbox /);
    expect(deep(el, '[part~=activity-item] time')!.getAttribute('datetime')).to.match(/^\d{4}-\d\d-\d\dT/);
    await expect(el).to.be.accessible();
  });

  it('says so when there is no activity yet', async () => {
    const customer = await createCustomer();
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    await openActivity(el);
    await until(() => deep(el, 'hitch-activity-list')!.shadowRoot!.textContent!.includes('No activity yet.'), 'the empty text');
    await expect(el).to.be.accessible();
  });

  it('offers a retry when the activity cannot be loaded', async () => {
    const customer = await createCustomer();
    await createEvent(customer.id, 'invoice.paid');
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    await blockUrls([`${await hitchServer()}/v1/widget/events*`]);
    await openActivity(el);
    const list = deep(el, 'hitch-activity-list')!;
    await until(() => list.shadowRoot!.textContent!.includes('Activity could not be loaded.'), 'the error');
    await expect(el).to.be.accessible();
    await blockUrls([]);
    button(list, 'Try again').click();
    await until(() => deepAll(el, '[part~=activity-item]').length === 1, 'the event');
  });
});
