import { BlockList, isIP } from 'node:net';

/** Addresses a webhook may never reach: private, loopback, link-local, ULA, multicast, reserved. */
const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64 and 6to4 embed IPv4 addresses that could be private
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['2002::', 16],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv6');
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

export const isLoopbackAddress = (address: string) => loopback.check(address, familyOf(address));
export const isPublicAddress = (address: string) => isIP(address) !== 0 && !nonPublic.check(address, familyOf(address));

export interface AddressPolicy {
  /** Loopback (with http: or https:) is allowed outside production, for local receivers. */
  allowLoopback: boolean;
}

/** Why a webhook URL's scheme and resolved address may not be used, or undefined when they may. */
export function refusalFor(protocol: string, address: string, policy: AddressPolicy): string | undefined {
  if (policy.allowLoopback && isLoopbackAddress(address)) return undefined;
  if (protocol !== 'https:') return 'must use https: (http: is allowed only for loopback outside production)';
  if (!isPublicAddress(address)) return `resolves to a non-public address (${address})`;
  return undefined;
}
