import { BlockList, isIP } from 'node:net';

/**
 * IPv4 addresses a webhook may never reach: every block of IANA's IPv4 Special-Purpose Address
 * Registry (private, shared CGN, loopback, link-local and cloud metadata, IETF assignments,
 * documentation, benchmarking, AS112 and AMT anycast, the 6to4 relay anycast), multicast and the
 * reserved 240/4 (broadcast included). None of them is where an organization's receiver lives.
 */
const nonPublicV4 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // shared address space (carrier-grade NAT)
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments (PCP, TURN anycast, NAT64 discovery, …)
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.31.196.0', 24], // AS112-v4
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16],
  ['192.175.48.0', 24], // AS112 direct delegation
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, 255.255.255.255 broadcast
] as const) {
  nonPublicV4.addSubnet(network, prefix, 'ipv4');
}

/**
 * IPv6 blocks inside global unicast (2000::/3) that IANA's IPv6 Special-Purpose Address Registry
 * lists. Everything outside 2000::/3 is refused anyway: unspecified, loopback, IPv4-compatible
 * (::/96), the local-use NAT64 prefix, discard-only, segment-routing SIDs, ULA, link-local,
 * site-local (fec0::/10) and multicast.
 */
const specialV6 = new BlockList();
for (const [network, prefix] of [
  ['2001::', 23], // IETF protocol assignments: Teredo, benchmarking, AMT, AS112, ORCHIDv2, drone ids
  ['2001:db8::', 32], // documentation
  ['2620:4f:8000::', 48], // AS112 direct delegation
  ['3fff::', 20], // documentation
] as const) {
  specialV6.addSubnet(network, prefix, 'ipv6');
}

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

export const isLoopbackAddress = (address: string) => loopback.check(address, familyOf(address));

/** Whether a webhook may be sent to `address` (an IP literal; anything else is not public). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !nonPublicV4.check(address, 'ipv4');
  if (family !== 6) return false;
  const words = ipv6Words(address);
  // An IPv6 address that carries an IPv4 one is decided by the IPv4 address it reaches
  const embedded = embeddedIPv4(words);
  if (embedded) return !nonPublicV4.check(embedded, 'ipv4');
  const globalUnicast = (words[0] & 0xe000) === 0x2000;
  return globalUnicast && !specialV6.check(address, 'ipv6');
}

/**
 * The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), NAT64 well-known-prefix
 * (64:ff9b::/96) or 6to4 (2002::/16) address: a connection to it reaches that IPv4 address.
 */
function embeddedIPv4(words: number[]): string | undefined {
  const zero = (from: number, to: number) => words.slice(from, to).every((word) => word === 0);
  const dotted = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
  if (zero(0, 5) && words[5] === 0xffff) return dotted(words[6], words[7]);
  if (words[0] === 0x64 && words[1] === 0xff9b && zero(2, 6)) return dotted(words[6], words[7]);
  if (words[0] === 0x2002) return dotted(words[1], words[2]);
  return undefined;
}

/** The eight 16-bit words of a valid IPv6 address (`::` expanded, a trailing dotted IPv4 split). */
function ipv6Words(address: string): number[] {
  const parse = (part: string) =>
    part
      ? part.split(':').flatMap((group) => {
          if (!group.includes('.')) return [Number.parseInt(group, 16)];
          const [a, b, c, d] = group.split('.').map(Number);
          return [(a << 8) | b, (c << 8) | d];
        })
      : [];
  const [head, tail] = address.split('::');
  const start = parse(head);
  if (tail === undefined) return start;
  const end = parse(tail);
  return [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end];
}

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
