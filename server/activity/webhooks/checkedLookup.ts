import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { refusalFor, type AddressPolicy } from './addressPolicy.ts';

/** A URL a webhook may not be sent to; the message says why (shown to the admin). */
export class UnsafeUrlError extends Error {}

/** Every address `host` resolves to (an IP literal resolves to itself, without DNS). */
export async function resolveHost(host: string): Promise<LookupAddress[]> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (isIP(bare)) return [{ address: bare, family: isIP(bare) }];
  return new Promise((resolve, reject) =>
    dnsLookup(bare, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/** Refuses a URL whose scheme or any resolved address the policy does not allow. */
export async function assertDeliverableUrl(url: URL, policy: AddressPolicy): Promise<void> {
  let addresses: LookupAddress[];
  try {
    addresses = await resolveHost(url.hostname);
  } catch {
    throw new UnsafeUrlError(`${url.hostname} does not resolve`);
  }
  for (const { address } of addresses) {
    const refusal = refusalFor(url.protocol, address, policy);
    if (refusal) throw new UnsafeUrlError(refusal);
  }
}

/**
 * A `lookup` for `http.request` that checks the addresses it returns, so the socket connects
 * only to an address that passed the check: a DNS answer that changes between the check and
 * the connection (DNS rebinding) cannot slip through.
 */
export function checkedLookup(protocol: string, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    resolveHost(hostname).then(
      (addresses) => {
        const refusal = addresses.map(({ address }) => refusalFor(protocol, address, policy)).find(Boolean);
        if (refusal) return callback(new UnsafeUrlError(refusal), '', 0);
        const wanted = options.family ? addresses.filter((entry) => entry.family === options.family) : addresses;
        if (!wanted.length) return callback(Object.assign(new Error(`${hostname} has no usable address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, wanted);
        callback(null, wanted[0].address, wanted[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
