import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPublicAddress, refusalFor } from '../../server/activity/webhooks/addressPolicy.ts';
import { assertDeliverableUrl, checkedLookup } from '../../server/activity/webhooks/checkedLookup.ts';
import { startReceiver } from '../helpers/receiver.ts';
import { startTestHitch } from '../helpers/startTestHitch.ts';

describe('which addresses outgoing webhooks may reach', () => {
  it('classifies private, loopback, link-local, ULA, multicast and reserved ranges as not public', () => {
    const notPublic = ['10.1.2.3', '127.0.0.1', '169.254.169.254', '172.31.255.255', '192.168.0.1', '100.100.0.1', '0.0.0.0', '224.0.0.251', '255.255.255.255', '::1', '::', 'fd12::1', 'fe80::1', 'ff02::1', '::ffff:192.168.1.1', '::ffff:127.0.0.1', '64:ff9b::a00:1'];
    for (const address of notPublic) assert.equal(isPublicAddress(address), false, address);
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) assert.equal(isPublicAddress(address), true, address);
  });

  it('allows loopback (http: or https:) only outside production, and http: only for loopback', () => {
    assert.equal(refusalFor('http:', '127.0.0.1', { allowLoopback: true }), undefined);
    assert.equal(refusalFor('https:', '::1', { allowLoopback: true }), undefined);
    assert.match(refusalFor('http:', '127.0.0.1', { allowLoopback: false })!, /https:/);
    assert.match(refusalFor('https:', '127.0.0.1', { allowLoopback: false })!, /non-public address/);
    assert.match(refusalFor('http:', '93.184.216.34', { allowLoopback: true })!, /https:/);
    assert.equal(refusalFor('https:', '93.184.216.34', { allowLoopback: false }), undefined);
  });

  it('checks what a host name resolves to, not the name', async () => {
    await assert.rejects(assertDeliverableUrl(new URL('https://localhost/hook'), { allowLoopback: false }), /non-public address/);
    await assertDeliverableUrl(new URL('https://localhost/hook'), { allowLoopback: true });
  });

  it('refuses at connection time an address the check would refuse (no DNS rebinding)', async () => {
    const lookup = checkedLookup('https:', { allowLoopback: false });
    const error = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (failure) => resolve(failure)));
    assert.match(String(error?.message), /non-public address/);
  });

  it('refuses a loopback endpoint in production', async () => {
    const receiver = await startReceiver();
    const hitch = await startTestHitch({ env: { NODE_ENV: 'production' } });
    try {
      const response = await hitch.admin.post('/v1/webhook-endpoints', { url: receiver.url });
      assert.equal(response.status, 400);
      assert.match(response.body.errors[0].message, /https:/);
    } finally {
      await hitch.close();
      await receiver.close();
    }
  });
});
