import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import {
  activeElement,
  button,
  completeOAuth,
  createCustomer,
  deep,
  denyNextAuthorization,
  eventsOf,
  hitchServer,
  integrationItem,
  fill,
  listConnections,
  mount,
  type OAuthStarted,
  providerUrl,
  putIntegration,
  readCredentials,
  scriptTokenAnswers,
  part,
  tokenProvider,
  until,
} from './support/widget.ts';

/** A real click (with user activation, so popups are allowed), at the element's center. */
async function realClick(element: Element) {
  const { x, y, width, height } = element.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(x + width / 2), Math.round(y + height / 2)] });
}

/**
 * A popup whose opener link is lost once its first page has the key (as with COOP on the
 * provider's pages, or on mobile): it records where it was sent and never messages back.
 * `authorize()` plays the rest: the provider's page, then Hitch's callback (which does the exchange).
 */
function losePopups() {
  const popup = { closed: false, location: { href: '' }, focus() {}, close() { popup.closed = true; } };
  const open = window.open;
  window.open = () => popup as unknown as Window;
  // The key reaches a real popup by postMessage; this one gets it from the widget's start
  const started: OAuthStarted[] = [];
  const realFetch = window.fetch;
  window.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const url = String(input instanceof Request ? input.url : input);
    if (/\/oauth\/[^/]+\/start$/.test(url) && response.ok) started.push(await response.clone().json());
    return response;
  };
  const authorize = async () => {
    const page = await completeOAuth(started.at(-1)!);
    expect(page.status).to.equal(200);
  };
  return {
    popup,
    started,
    authorize,
    restore: () => {
      window.open = open;
      window.fetch = realFetch;
    },
  };
}

const panelText = (el: Element) => deep(el, '[part~=oauth]')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<hitch-connect> OAuth', () => {
  it('completes by the callback message, with polling out of the way', async () => {
    const customer = await createCustomer();
    const { el, events } = await mount({
      customer: customer.id,
      provider: tokenProvider(customer.id),
      properties: { oauthPollInterval: 60_000 },
    });
    await realClick(deep(await integrationItem(el, 'chat'), '[part~=connect-button]')!);
    await part(el, '[part~=oauth]');
    expect(panelText(el)).to.contain('Finish signing in to Chat in the window that opened.');
    await expect(el).to.be.accessible();
    await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected', 10_000);
    const { connection } = eventsOf(events, 'hitch-connected')[0].detail;
    const [saved] = await listConnections(customer.id);
    expect(connection).to.deep.equal(saved);
    expect(connection).to.include({ integration: 'chat', authType: 'oauth2', status: 'active' });
    expect(deep(await integrationItem(el, 'chat'), '[part~=status]')!.textContent).to.equal('Connected');
  });

  it('completes by polling when the opener is lost', async () => {
    const customer = await createCustomer();
    const { popup, authorize, restore } = losePopups();
    try {
      const { el, events } = await mount({
        customer: customer.id,
        provider: tokenProvider(customer.id),
        properties: { oauthPollInterval: 200 },
      });
      deep(await integrationItem(el, 'chat'), '[part~=connect-button]')!.click();
      await until(() => popup.location.href, 'the popup to be sent to the provider');
      await authorize();
      await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected');
      expect(eventsOf(events, 'hitch-connected')[0].detail.connection).to.include({ integration: 'chat' });
      expect(popup.closed).to.equal(true);
    } finally {
      restore();
    }
  });

  it('ignores messages from any origin but the server', async () => {
    const customer = await createCustomer();
    const { popup, authorize, restore } = losePopups();
    // Counts the widget's reads of the attempt (each message it accepts makes one), passing them on
    const reads: Promise<unknown>[] = [];
    const realFetch = window.fetch;
    window.fetch = (input, init) => {
      const answer = realFetch(input, init);
      if (String(input instanceof Request ? input.url : input).includes('/oauth/attempts/')) reads.push(answer.catch(() => {}));
      return answer;
    };
    try {
      const { el, events } = await mount({
        customer: customer.id,
        provider: tokenProvider(customer.id),
        properties: { oauthPollInterval: 60_000 },
      });
      deep(await integrationItem(el, 'chat'), '[part~=connect-button]')!.click();
      await until(() => popup.location.href, 'the popup to be sent to the provider');
      const data = { type: 'hitch:oauth' };
      window.dispatchEvent(new MessageEvent('message', { origin: 'http://evil.example', data }));
      window.dispatchEvent(new MessageEvent('message', { origin: location.origin, data }));
      // The server's message comes last: had the others been taken, their reads would come first
      window.dispatchEvent(new MessageEvent('message', { origin: new URL(await hitchServer()).origin, data }));
      await until(() => reads.length, "the read prompted by the server's message");
      await Promise.all(reads);
      expect(reads).to.have.length(1);
      expect(panelText(el)).to.contain('Finish signing in to Chat');

      await authorize();
      window.dispatchEvent(new MessageEvent('message', { origin: new URL(await hitchServer()).origin, data }));
      await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected');
    } finally {
      window.fetch = realFetch;
      restore();
    }
  });

  it("hands the attempt's key only to the server's page for that attempt, addressed to the server's origin", async () => {
    const customer = await createCustomer();
    const { popup, started, restore } = losePopups();
    const posted: [unknown, string][] = [];
    const postMessage = window.postMessage;
    window.postMessage = ((message: unknown, targetOrigin: string) => void posted.push([message, targetOrigin])) as typeof window.postMessage;
    try {
      const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id), properties: { oauthPollInterval: 60_000 } });
      deep(await integrationItem(el, 'chat'), '[part~=connect-button]')!.click();
      await until(() => popup.location.href, 'the popup to be sent to the popup page');
      const [{ attemptId, authorizeUrl, browserKey }] = started;
      expect(popup.location.href).to.equal(authorizeUrl);
      const server = new URL(await hitchServer()).origin;
      // This window stands in for the popup: the widget answers `event.source`
      const ready = (origin: string, data: unknown) => window.dispatchEvent(new MessageEvent('message', { origin, data, source: window }));
      ready('http://evil.example', { type: 'hitch:oauth-ready', attemptId });
      ready(location.origin, { type: 'hitch:oauth-ready', attemptId });
      ready(server, { type: 'hitch:oauth-ready', attemptId: 'oat_another' });
      expect(posted).to.deep.equal([]);
      ready(server, { type: 'hitch:oauth-ready', attemptId });
      expect(posted).to.deep.equal([[{ type: 'hitch:oauth-bind', attemptId, key: browserKey }, server]]);
    } finally {
      window.postMessage = postMessage;
      restore();
    }
  });

  it('offers to open a blocked popup on a fresh click', async () => {
    const customer = await createCustomer();
    const { el, events } = await mount({
      customer: customer.id,
      provider: tokenProvider(customer.id),
      properties: { oauthPollInterval: 60_000 },
    });
    // A click without user activation: Chromium's popup blocker refuses the popup
    deep(await integrationItem(el, 'chat'), '[part~=connect-button]')!.click();
    await until(() => panelText(el).includes('Your browser blocked the sign-in window for Chat.'), 'the blocked notice');
    const open = button(el, 'Open sign-in window');
    await until(() => activeElement() === open, 'focus on Open sign-in window');
    await expect(el).to.be.accessible();
    await realClick(open);
    await until(() => panelText(el).includes('Finish signing in'), 'the waiting notice');
    await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected', 10_000);
  });

  it('shows a failed sign-in with Try again, and fires hitch-error', async () => {
    const customer = await createCustomer();
    await denyNextAuthorization();
    const { popup, authorize, restore } = losePopups();
    try {
      const { el, events } = await mount({
        customer: customer.id,
        provider: tokenProvider(customer.id),
        properties: { oauthPollInterval: 200 },
      });
      deep(await integrationItem(el, 'chat'), '[part~=connect-button]')!.click();
      await until(() => popup.location.href, 'the popup to be sent to the provider');
      await authorize();
      await until(() => eventsOf(events, 'hitch-error').length, 'hitch-error');
      expect(eventsOf(events, 'hitch-error')[0].detail.code).to.equal('oauth_failed');
      expect(panelText(el)).to.contain('Signing in to Chat did not succeed.');
      button(el, 'Try again');
      await expect(el).to.be.accessible();
      expect(await listConnections(customer.id)).to.have.length(0);
    } finally {
      restore();
    }
  });

  it('asks for the fields an OAuth integration needs, then opens the popup from the form', async () => {
    const customer = await createCustomer();
    const key = `regional-${Math.random().toString(36).slice(2, 8)}`;
    const provider = await providerUrl();
    const integration = {
      name: 'Regional',
      authType: 'oauth2',
      fields: [{ name: 'region', label: 'Region', pattern: '^(eu|us)$', placeholder: 'eu' }],
      oauth2: { authorizationUrl: `${provider}/authorize?region={region}`, tokenUrl: `${provider}/token`, scopes: [], clientId: 'c', clientSecret: 's' },
    };
    await putIntegration(key, integration);
    try {
      const { el, events } = await mount({
        customer: customer.id,
        provider: tokenProvider(customer.id, { integrations: [key] }),
        properties: { oauthPollInterval: 60_000 },
      });
      deep(await integrationItem(el, key), '[part~=connect-button]')!.click();
      await part(el, '[part~=form]');
      expect(deep(el, 'label[for=f-region]')!.textContent).to.equal('Region');
      await expect(el).to.be.accessible();
      fill(el, '#f-region', 'mars');
      button(el, 'Connect').click();
      await until(() => deep(el, '#f-region-e')?.textContent, 'the field error');
      fill(el, '#f-region', 'eu');
      fill(el, '#label', 'Europe');
      await realClick(button(el, 'Connect'));
      await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected', 10_000);
      expect(eventsOf(events, 'hitch-connected')[0].detail.connection).to.include({ integration: key, label: 'Europe' });
    } finally {
      await putIntegration(key, { ...integration, enabled: false });
    }
  });

  it('reconnects an account in error, which keeps its id', async () => {
    const customer = await createCustomer();
    await scriptTokenAnswers(['short', 'refuse']);
    const first = await mount({ customer: customer.id, provider: tokenProvider(customer.id), properties: { oauthPollInterval: 200 } });
    await realClick(deep(await integrationItem(first.el, 'chat'), '[part~=connect-button]')!);
    await until(() => eventsOf(first.events, 'hitch-connected').length, 'hitch-connected', 10_000);
    const { id } = eventsOf(first.events, 'hitch-connected')[0].detail.connection;
    // The provider refuses the refresh: the connection needs a reconnect
    expect((await readCredentials(customer.id, id)).ok).to.equal(false);
    first.el.remove();

    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id), properties: { oauthPollInterval: 200 } });
    const chat = await integrationItem(el, 'chat');
    expect(chat.querySelector('[part~=status]')!.textContent).to.equal('Needs attention');
    expect(deep(chat, '[part~=connection] [part~=status]')!.textContent).to.equal('Needs attention');
    expect(deep(chat, '[part~=connection]')!.textContent).to.contain('refused to refresh');
    await expect(el).to.be.accessible();
    await realClick(button(chat, 'Reconnect'));
    await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected', 10_000);
    expect(eventsOf(events, 'hitch-connected')[0].detail.connection).to.include({ id, status: 'active' });
    const connections = await listConnections(customer.id);
    expect(connections.map((c) => [c.id, c.status])).to.deep.equal([[id, 'active']]);
    expect(deep(await integrationItem(el, 'chat'), '[part~=status]')!.textContent).to.equal('Connected');
  });

  it('Cancel closes the popup and goes back to the list', async () => {
    const customer = await createCustomer();
    const { popup, restore } = losePopups();
    try {
      const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
      deep(await integrationItem(el, 'chat'), '[part~=connect-button]')!.click();
      await until(() => popup.location.href, 'the popup to be sent to the provider');
      button(el, 'Cancel').click();
      const chat = await integrationItem(el, 'chat');
      await until(() => activeElement() === chat.querySelector('[part~=connect-button]'), 'focus on Connect Chat');
      expect(popup.closed).to.equal(true);
      expect(eventsOf(events, 'hitch-error')).to.have.length(0);
    } finally {
      restore();
    }
  });
});
