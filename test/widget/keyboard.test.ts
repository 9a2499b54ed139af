import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { activeElement, createCustomer, deep, eventsOf, listConnections, mount, tokenProvider, until } from './support/widget.ts';

/** Presses Tab until the focused element matches, as a keyboard user would. */
async function tabTo(matches: (element: Element) => boolean, what: string): Promise<Element> {
  for (let presses = 0; presses < 40; presses++) {
    await sendKeys({ press: 'Tab' });
    const active = activeElement();
    if (active && matches(active)) return active;
  }
  throw new Error(`Tab never reached ${what}`);
}

const labelled = (label: string) => (element: Element) => element.getAttribute('aria-label') === label;

describe('<hitch-connect> with the keyboard alone', () => {
  it('connects an account and disconnects it again', async () => {
    const customer = await createCustomer();
    const { el, events } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    (document.activeElement as HTMLElement | null)?.blur();

    // Connect: Tab to the button, Enter, type into the form, submit with Enter
    await tabTo(labelled('Connect Mailbox'), 'Connect Mailbox');
    await sendKeys({ press: 'Enter' });
    await until(() => activeElement()?.id === 'f-apiKey', 'focus in the API key field');
    await sendKeys({ type: 'mb_keyboard_1' });
    await sendKeys({ press: 'Tab' });
    expect(activeElement()?.id).to.equal('label');
    await sendKeys({ type: 'Keyboard' });
    await sendKeys({ press: 'Enter' });
    await until(() => eventsOf(events, 'hitch-connected').length, 'hitch-connected');
    const [connection] = await listConnections(customer.id);
    expect(connection).to.include({ integration: 'mailbox', label: 'Keyboard' });

    // Disconnect: focus is on the new account; Tab to Disconnect, Enter, Tab to confirm, Enter
    await until(() => activeElement()?.getAttribute('aria-label') === 'Rename: Keyboard', 'focus on the new account');
    await tabTo(labelled('Disconnect: Keyboard'), 'Disconnect');
    await sendKeys({ press: 'Enter' });
    await until(() => deep<HTMLDialogElement>(el, 'dialog')!.open, 'the dialog');
    expect(activeElement()?.textContent?.trim()).to.equal('Cancel');
    await sendKeys({ press: 'Tab' });
    expect(activeElement()?.textContent?.trim()).to.equal('Disconnect');
    await sendKeys({ press: 'Enter' });
    await until(() => eventsOf(events, 'hitch-disconnected').length, 'hitch-disconnected');
    expect(eventsOf(events, 'hitch-disconnected')[0].detail.connectionId).to.equal(connection.id);
    expect(await listConnections(customer.id)).to.have.length(0);
    await until(() => labelled('Connect Mailbox')(activeElement()!), 'focus back on Connect Mailbox');
  });

  it('closes the confirmation with Escape and keeps the account', async () => {
    const customer = await createCustomer();
    const { el } = await mount({ customer: customer.id, provider: tokenProvider(customer.id) });
    (document.activeElement as HTMLElement | null)?.blur();
    await tabTo(labelled('Connect Ledger'), 'Connect Ledger');
    await sendKeys({ press: 'Enter' });
    await until(() => activeElement()?.id === 'f-username', 'focus in the username field');
    await sendKeys({ type: 'ada' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'secret' });
    await sendKeys({ press: 'Enter' });
    await until(() => activeElement()?.getAttribute('aria-label') === 'Rename: Ledger', 'focus on the new account');
    await tabTo(labelled('Disconnect: Ledger'), 'Disconnect');
    await sendKeys({ press: 'Enter' });
    await until(() => deep<HTMLDialogElement>(el, 'dialog')!.open, 'the dialog');
    await sendKeys({ press: 'Escape' });
    await until(() => !deep<HTMLDialogElement>(el, 'dialog')!.open, 'the dialog to close');
    expect(await listConnections(customer.id)).to.have.length(1);
  });
});
