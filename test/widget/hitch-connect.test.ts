import { expect } from '@open-wc/testing';
import { define } from '../../widget/src/define.ts';
import { HitchConnect } from '../../widget/src/hitch-connect.ts';
import {
  blockUrls,
  createConnection,
  createCustomer,
  deep,
  deepAll,
  emulateMedia,
  eventsOf,
  hitchServer,
  integrationItem,
  mintToken,
  mount,
  part,
  revokeToken,
  tokenProvider,
  until,
} from './support/widget.ts';

describe('<hitch-connect>', () => {
  afterEach(async () => {
    await blockUrls([]);
    await emulateMedia({});
  });

  it('shows an accessible loading skeleton until the session arrives', async () => {
    const customer = await createCustomer();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const provider = tokenProvider(customer.id);
    const { el, events } = await mount({ customer: customer.id, provider: () => gate.then(provider), ready: false });
    await part(el, '[part~=skeleton]');
    expect(deep(el, '[part~=base]')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    release();
    await until(() => eventsOf(events, 'hitch-ready').length, 'hitch-ready');
    expect(deep(el, '[part~=skeleton]')).to.equal(null);
  });

  it('lists integrations with logo, name, description and status, then fires hitch-ready', async () => {
    const customer = await createCustomer();
    await createConnection(customer.id, 'mailbox', { apiKey: 'mb_live_1' }, 'Marketing');
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    await expect(el).to.be.accessible();
    const mailbox = await integrationItem(el, 'mailbox');
    expect(mailbox.querySelector('[part~=name]')!.textContent).to.equal('Mailbox');
    expect(mailbox.querySelector('[part~=description]')!.textContent).to.equal('Send and track transactional email.');
    expect(mailbox.querySelector('img[part~=logo]')!.getAttribute('src')).to.match(/^data:image\/svg\+xml/);
    expect(mailbox.querySelector('[part~=status]')!.textContent).to.equal('Connected');
    expect(deep(mailbox, '[part~=connection-label]')!.textContent).to.equal('Marketing');
    const ledger = await integrationItem(el, 'ledger');
    expect(ledger.querySelector('[part~=status]')!.textContent).to.equal('Not connected');
    expect(ledger.querySelector('[part~=logo]')!.textContent).to.equal('L');
    const ready = eventsOf(events, 'hitch-ready');
    expect(ready).to.have.length(1);
    expect(ready[0].detail).to.deep.equal({});
    expect(ready[0].bubbles && ready[0].composed).to.equal(true);
  });

  it('shows only the integrations named in the integrations attribute', async () => {
    const customer = await createCustomer();
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id), attributes: { integrations: 'ledger, crm' } });
    const keys = deepAll(el, '[part~=integration]').map((item) => item.dataset.key);
    expect(keys).to.have.members(['ledger', 'crm']);
  });

  it('shows an empty state when no integration is available', async () => {
    const customer = await createCustomer();
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id), attributes: { integrations: 'nothing-here' } });
    expect(deep(el, '[part~=message]')!.textContent).to.contain('No integrations are available yet.');
    await expect(el).to.be.accessible();
  });

  it('shows an error state with a retry when the server cannot be reached', async () => {
    const customer = await createCustomer();
    await blockUrls([`${await hitchServer()}/v1/widget/session`]);
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id), ready: false });
    await until(() => eventsOf(events, 'hitch-error').length, 'hitch-error');
    expect(eventsOf(events, 'hitch-error')[0].detail).to.deep.equal({ code: 'network_error', message: 'The server could not be reached' });
    const message = await part(el, '[part~=message]');
    expect(message.querySelector('[role=alert]')!.textContent).to.equal('Integrations could not be loaded.');
    await expect(el).to.be.accessible();
    await blockUrls([]);
    message.querySelector('button')!.click();
    await until(() => eventsOf(events, 'hitch-ready').length, 'hitch-ready after retry');
    await integrationItem(el, 'mailbox');
  });

  it('is an error state when customer-id does not match the token', async () => {
    const [customer, other] = await Promise.all([createCustomer(), createCustomer()]);
    const { el, events } = await mount({ customer: other.id, provider: tokenProvider(customer.id), ready: false });
    await until(() => eventsOf(events, 'hitch-error').length, 'hitch-error');
    expect(eventsOf(events, 'hitch-error')[0].detail).to.deep.equal({
      code: 'customer_mismatch',
      message: 'This widget is set up for a different customer.',
    });
    expect(deep(el, '[part~=message]')!.textContent).to.contain('different customer');
    expect(deep(el, '[part~=integration]')).to.equal(null);
    expect(eventsOf(events, 'hitch-ready')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('hides the write actions when the token may only read', async () => {
    const customer = await createCustomer();
    await createConnection(customer.id, 'mailbox', { apiKey: 'mb_live_1' });
    const provider = tokenProvider(customer.id, { scopes: ['connections:read'] });
    const { el } = await mount({ customer: customer.id, provider });
    const mailbox = await integrationItem(el, 'mailbox');
    expect(mailbox.querySelector<HTMLElement>('[part~=connect-button]')!.hidden).to.equal(true);
    expect(deepAll(mailbox, '[part~=button]').filter((button) => button.checkVisibility())).to.have.length(0);
    expect(deep(el, '[part~=activity]')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('follows the theme attribute: light, dark, and auto from the system', async () => {
    const customer = await createCustomer();
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    const background = () => getComputedStyle(deep(el, '[part~=base]')!).backgroundColor;
    expect(el.getAttribute('theme')).to.equal('light');
    expect(background()).to.equal('rgb(255, 255, 255)');
    el.theme = 'dark';
    await el.updateComplete;
    expect(background()).to.equal('rgb(22, 24, 29)');
    await expect(el).to.be.accessible();
    el.setAttribute('theme', 'auto');
    await el.updateComplete;
    expect(background()).to.equal('rgb(255, 255, 255)');
    await emulateMedia({ 'prefers-color-scheme': 'dark' });
    expect(background()).to.equal('rgb(22, 24, 29)');
  });

  it('uses system colors in forced-colors mode, and stops the skeleton for reduced motion', async () => {
    await emulateMedia({ 'forced-colors': 'active', 'prefers-reduced-motion': 'reduce' });
    const customer = await createCustomer();
    const provider = tokenProvider(customer.id);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { el, events } = await mount({ customer: customer.id, provider: () => gate.then(provider), ready: false });
    const skeleton = (await part(el, '[part~=skeleton]')).querySelector('span')!;
    expect(getComputedStyle(skeleton).animationName).to.equal('none');
    release();
    await until(() => eventsOf(events, 'hitch-ready').length, 'hitch-ready');
    const connect = deep(await integrationItem(el, 'ledger'), '[part~=connect-button]')!;
    expect(getComputedStyle(connect).forcedColorAdjust).to.equal('none');
    const badge = deep(await integrationItem(el, 'ledger'), '[part~=status]')!;
    expect(getComputedStyle(badge).borderTopStyle).to.equal('solid');
    await expect(el).to.be.accessible();
  });

  it('takes --hitch-* custom properties from the page', async () => {
    const customer = await createCustomer();
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    el.style.setProperty('--hitch-color-primary', 'rgb(1, 2, 3)');
    el.style.setProperty('--hitch-radius', '0px');
    const button = deep(await integrationItem(el, 'ledger'), '[part~=connect-button]')!;
    expect(getComputedStyle(button).backgroundColor).to.equal('rgb(1, 2, 3)');
    expect(getComputedStyle(button).borderTopLeftRadius).to.equal('0px');
  });

  it('lays out right to left in an rtl page', async () => {
    const customer = await createCustomer();
    document.documentElement.dir = 'rtl';
    try {
      const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
      const item = await integrationItem(el, 'ledger');
      const name = item.querySelector('[part~=name]')!.getBoundingClientRect();
      const button = item.querySelector('[part~=connect-button]')!.getBoundingClientRect();
      expect(button.right).to.be.below(name.left);
      await expect(el).to.be.accessible();
    } finally {
      document.documentElement.dir = '';
    }
  });

  it('speaks German with locale="de", and takes overrides from strings', async () => {
    const customer = await createCustomer();
    const { el } = await mount({
      customer: customer.id,
      provider: tokenProvider(customer.id),
      attributes: { locale: 'de-DE' },
      properties: { strings: { title: 'Verknüpfte Dienste' } },
    });
    expect(deep(el, '[part~=title]')!.textContent).to.equal('Verknüpfte Dienste');
    const ledger = await integrationItem(el, 'ledger');
    expect(ledger.querySelector('[part~=status]')!.textContent).to.equal('Nicht verbunden');
    expect(ledger.querySelector('[part~=connect-button]')!.textContent!.trim()).to.equal('Verbinden');
    expect(ledger.querySelector('[part~=connect-button]')!.getAttribute('aria-label')).to.equal('Ledger verbinden');
  });

  it('works with a static token attribute', async () => {
    const customer = await createCustomer();
    const { token } = await mintToken(customer.id);
    const { el } = await mount({ customer: customer.id, token });
    await integrationItem(el, 'mailbox');
  });

  it('is an expired-session state, with hitch-session-expired, when a static token is refused', async () => {
    const customer = await createCustomer();
    const { token, tokenId } = await mintToken(customer.id);
    await revokeToken(tokenId);
    const { el, events } = await mount({ customer: customer.id, token, ready: false });
    await until(() => eventsOf(events, 'hitch-session-expired').length, 'hitch-session-expired');
    expect(eventsOf(events, 'hitch-session-expired')[0].detail).to.deep.equal({});
    expect(deep(el, '[part~=message]')!.textContent).to.contain('Your session has expired.');
    expect(eventsOf(events, 'hitch-error')).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('defines its elements once: a second definition is ignored', () => {
    define('hitch-connect', class extends HTMLElement {});
    expect(customElements.get('hitch-connect')).to.equal(HitchConnect);
  });
});
