import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPublicAddress, refusalFor } from '../../server/activity/webhooks/addressPolicy.ts';
import { assertDeliverableUrl, checkedLookup } from '../../server/activity/webhooks/checkedLookup.ts';
import { startReceiver } from '../helpers/receiver.ts';
import { startTestHitch } from '../helpers/startTestHitch.ts';

describe('which addresses outgoing webhooks may reach', () => {
  /** IANA's IPv4 and IPv6 Special-Purpose Address Registries, multicast, and what embeds an IPv4 address. */
  const addresses: [address: string, isPublic: boolean, what: string][] = [
    ['0.0.0.0', false, '"this" network'],
    ['0.1.2.3', false, '"this" network'],
    ['10.1.2.3', false, 'private'],
    ['100.64.0.1', false, 'shared address space (CGN)'],
    ['100.127.255.254', false, 'shared address space (CGN)'],
    ['127.0.0.1', false, 'loopback'],
    ['127.255.255.254', false, 'loopback'],
    ['169.254.169.254', false, 'link-local, cloud metadata'],
    ['172.16.0.1', false, 'private'],
    ['172.31.255.255', false, 'private'],
    ['192.0.0.9', false, 'IETF protocol assignments (PCP anycast)'],
    ['192.0.0.170', false, 'NAT64 discovery'],
    ['192.0.2.1', false, 'documentation (TEST-NET-1)'],
    ['192.31.196.1', false, 'AS112-v4'],
    ['192.52.193.1', false, 'AMT'],
    ['192.88.99.1', false, '6to4 relay anycast'],
    ['192.168.0.1', false, 'private'],
    ['192.175.48.1', false, 'AS112 direct delegation'],
    ['198.18.0.1', false, 'benchmarking'],
    ['198.19.255.255', false, 'benchmarking'],
    ['198.51.100.1', false, 'documentation (TEST-NET-2)'],
    ['203.0.113.1', false, 'documentation (TEST-NET-3)'],
    ['224.0.0.251', false, 'multicast'],
    ['239.255.255.250', false, 'multicast'],
    ['240.0.0.1', false, 'reserved'],
    ['255.255.255.255', false, 'broadcast'],
    ['8.8.8.8', true, 'public'],
    ['93.184.216.34', true, 'public'],
    ['100.63.255.255', true, 'public, just below CGN'],
    ['172.32.0.1', true, 'public, just past 172.16/12'],
    ['192.0.3.1', true, 'public, just past TEST-NET-1'],
    ['::', false, 'unspecified'],
    ['::1', false, 'loopback'],
    ['::a9fe:a9fe', false, 'IPv4-compatible (::/96), 169.254.169.254'],
    ['::808:808', false, 'IPv4-compatible (::/96), deprecated'],
    ['::ffff:127.0.0.1', false, 'IPv4-mapped loopback'],
    ['::ffff:192.168.1.1', false, 'IPv4-mapped private'],
    ['::ffff:a9fe:a9fe', false, 'IPv4-mapped metadata'],
    ['::ffff:8.8.8.8', true, 'IPv4-mapped public: reaches 8.8.8.8'],
    ['::ffff:0:a00:1', false, 'IPv4-translated (SIIT)'],
    ['64:ff9b::a00:1', false, 'NAT64 of 10.0.0.1'],
    ['64:ff9b::a9fe:a9fe', false, 'NAT64 of 169.254.169.254'],
    ['64:ff9b::808:808', true, 'NAT64 of 8.8.8.8 (DNS64 networks)'],
    ['64:ff9b:1::808:808', false, 'local-use NAT64 (64:ff9b:1::/48)'],
    ['100::1', false, 'discard-only'],
    ['100:0:0:1::1', false, 'dummy prefix'],
    ['2001::1', false, 'Teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', false, 'Teredo'],
    ['2001:1::1', false, 'port control anycast'],
    ['2001:2::1', false, 'benchmarking'],
    ['2001:3::1', false, 'AMT'],
    ['2001:4:112::1', false, 'AS112-v6'],
    ['2001:10::1', false, 'ORCHID (deprecated)'],
    ['2001:20::1', false, 'ORCHIDv2'],
    ['2001:30::1', false, 'drone remote ID'],
    ['2001:db8::1', false, 'documentation'],
    ['3fff::1', false, 'documentation (3fff::/20)'],
    ['2002:a00:1::1', false, '6to4 of 10.0.0.1'],
    ['2002:7f00:1::1', false, '6to4 of 127.0.0.1'],
    ['2002:808:808::1', true, '6to4 of 8.8.8.8'],
    ['2620:4f:8000::1', false, 'AS112 direct delegation'],
    ['5f00::1', false, 'segment routing SIDs'],
    ['fc00::1', false, 'unique local'],
    ['fd12::1', false, 'unique local'],
    ['fe80::1', false, 'link-local'],
    ['fec0::1', false, 'site-local (deprecated)'],
    ['ff02::1', false, 'multicast'],
    ['ff0e::1', false, 'multicast, global scope'],
    ['4000::1', false, 'outside global unicast (2000::/3)'],
    ['2606:4700::1111', true, 'public'],
    ['2a00:1450:4001:81b::200e', true, 'public'],
    ['2001:200::1', true, 'public, just past 2001::/23'],
    ['not-an-address', false, 'not an IP literal'],
  ];

  for (const [address, isPublic, what] of addresses) {
    it(`classifies ${address} (${what}) as ${isPublic ? 'public' : 'not public'}`, () => {
      assert.equal(isPublicAddress(address), isPublic);
    });
  }

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

  it('refuses endpoints at IPv4-compatible, site-local and other special-purpose IPv6 literals in production, storing nothing', async () => {
    const hitch = await startTestHitch({ env: { NODE_ENV: 'production' } });
    try {
      for (const host of ['[::a9fe:a9fe]', '[fec0::1]', '[::ffff:a9fe:a9fe]', '[64:ff9b::a9fe:a9fe]', '[2002:a9fe:a9fe::1]', '[2001::1]', '[100::1]', '100.64.0.1']) {
        const response = await hitch.admin.post('/v1/webhook-endpoints', { url: `https://${host}/hook` });
        assert.equal(response.status, 400, host);
        assert.equal(response.body.code, 'validation_failed', host);
        assert.match(response.body.errors[0].message, /non-public address/, host);
      }
      assert.deepEqual((await hitch.admin.get('/v1/webhook-endpoints')).body.data, []);
    } finally {
      await hitch.close();
    }
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
