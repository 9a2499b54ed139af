import { expect } from '@open-wc/testing';
import { TokenSource } from '../../widget/src/token-source.ts';
import {
  button,
  createConnection,
  createCustomer,
  deep,
  eventsOf,
  fill,
  integrationItem,
  listConnections,
  mintToken,
  mount,
  part,
  revokeToken,
  tokenProvider,
  until,
} from './support/widget.ts';

/** An unsigned JWT-shaped token expiring in `seconds` (only TokenSource reads it; no server sees it). */
const tokenExpiringIn = (seconds: number) => {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '');
  return `${encode({ alg: 'none' })}.${encode({ exp: Math.floor(Date.now() / 1000) + seconds })}.x`;
};

describe('<hitch-connect> session and tokens', () => {
  it('asks the tokenProvider once at start', async () => {
    const customer = await createCustomer();
    const provider = tokenProvider(customer.id);
    await mount({ customer: customer.id, provider });
    expect(provider.issued).to.have.length(1);
  });

  it('waits for a token when none is set yet, then starts', async () => {
    const customer = await createCustomer();
    const { el, events } = await mount({ customer: customer.id, ready: false });
    await part(el, '[part~=skeleton]');
    el.tokenProvider = tokenProvider(customer.id);
    await until(() => eventsOf(events, 'hitch-ready').length, 'hitch-ready');
  });

  it('after a revoked token, asks the provider once more and completes the action', async () => {
    const customer = await createCustomer();
    await createConnection(customer.id, 'mailbox', { apiKey: 'mb_1' }, 'Marketing');
    const provider = tokenProvider(customer.id);
    const { el, events } = await mount({ customer: customer.id, provider });
    await revokeToken(provider.issued[0].tokenId);
    const mailbox = await integrationItem(el, 'mailbox');
    button(mailbox, 'Rename').click();
    await part(mailbox, '[part~=input]');
    fill(mailbox, '[part~=input]', 'Renamed');
    button(mailbox, 'Save').click();
    await until(() => deep(mailbox, '[part~=connection-label]')?.textContent === 'Renamed', 'the new label');
    expect(provider.issued).to.have.length(2);
    expect((await listConnections(customer.id))[0].label).to.equal('Renamed');
    expect(eventsOf(events, 'hitch-session-expired')).to.have.length(0);
  });

  it('gives up with hitch-session-expired when the refreshed token is refused too, and Try again recovers', async () => {
    const customer = await createCustomer();
    let revoking = true;
    const provider = async () => {
      const { token, tokenId } = await mintToken(customer.id);
      if (revoking) await revokeToken(tokenId);
      return token;
    };
    let calls = 0;
    const { el, events } = await mount({ customer: customer.id, provider: () => (calls++, provider()), ready: false });
    await until(() => eventsOf(events, 'hitch-session-expired').length, 'hitch-session-expired');
    expect(calls).to.equal(2);
    expect(eventsOf(events, 'hitch-session-expired')[0].detail).to.deep.equal({});
    expect(deep(el, '[part~=message]')!.textContent).to.contain('Your session has expired.');
    await expect(el).to.be.accessible();
    revoking = false;
    button(el, 'Try again').click();
    await until(() => eventsOf(events, 'hitch-ready').length, 'hitch-ready');
    expect(eventsOf(events, 'hitch-session-expired')).to.have.length(1);
  });

  it('treats a failing provider as an expired session', async () => {
    const customer = await createCustomer();
    const { el, events } = await mount({
      customer: customer.id,
      provider: () => Promise.reject(new Error('logged out')),
      ready: false,
    });
    await until(() => eventsOf(events, 'hitch-session-expired').length, 'hitch-session-expired');
    expect(deep(el, '[part~=message]')!.textContent).to.contain('Your session has expired.');
  });

  it('starts again when customer-id changes', async () => {
    const customer = await createCustomer();
    const other = await createCustomer();
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    el.tokenProvider = tokenProvider(other.id);
    el.customerId = other.id;
    await until(() => eventsOf(events, 'hitch-ready').length === 2, 'a second hitch-ready');
    expect(eventsOf(events, 'hitch-error')).to.have.length(0);
  });
});

describe('TokenSource', () => {
  it('asks the provider again shortly before the token expires', async () => {
    let calls = 0;
    const source = new TokenSource(async () => (calls++, tokenExpiringIn(2)), '');
    try {
      await source.get();
      expect(calls).to.equal(1);
      await source.get();
      expect(calls).to.equal(1);
      await until(() => calls === 2, 'a refresh before expiry', 4000);
    } finally {
      source.dispose();
    }
  });

  it('shares one provider call between concurrent refreshes', async () => {
    let calls = 0;
    const source = new TokenSource(async () => (calls++, tokenExpiringIn(600)), '');
    await Promise.all([source.refresh(), source.refresh(), source.get()]);
    source.dispose();
    expect(calls).to.equal(1);
  });
});
