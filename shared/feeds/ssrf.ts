import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** Error code our guarded DNS lookup fails with, so fetchFeed can report "refused-private". */
export const REFUSED_PRIVATE = "ERR_TW_REFUSED_PRIVATE";

/**
 * Why an address may not be fetched, or undefined when it is a public unicast address. Loopback,
 * RFC 1918, link-local (169.254.169.254, the cloud metadata service), unique-local, multicast,
 * CGNAT, reserved ranges and IPv4-mapped/translated IPv6 forms are all refused.
 */
export function refusedAddressReason(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (!ipaddr.isValid(bare)) return "not an IP address";
  let parsed = ipaddr.parse(bare);
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) parsed = v6.toIPv4Address();
  }
  const range = parsed.range();
  return range === "unicast" ? undefined : `${bare} is ${range}`;
}

export class RefusedAddressError extends Error {
  readonly code = REFUSED_PRIVATE;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A dns.lookup replacement for http.request that checks every resolved address (all of them, so a
 * host with one private record is refused) after resolution, on every connection and so on every redirect.
 */
export function guardedLookup(refuse: AddressPolicy | undefined) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      if (list.length === 0)
        return callback(Object.assign(new Error(`${hostname}: no addresses`), { code: "ENOTFOUND" }), []);
      if (refuse) {
        for (const { address } of list) {
          const reason = refuse(address);
          if (reason) return callback(new RefusedAddressError(`${hostname} resolves to ${reason}`), []);
        }
      }
      if (options.all) return callback(null, list);
      const [firstAddress] = list as [LookupAddress];
      callback(null, firstAddress.address, firstAddress.family);
    });
  };
}

/** For URL hosts that are IP literals (Node skips lookup for those): the refusal reason, if any. */
export function refusedLiteralHost(
  hostname: string,
  refuse: AddressPolicy = refusedAddressReason,
): string | undefined {
  const bare = hostname.replace(/^\[|\]$/g, "");
  return isIP(bare) ? refuse(bare) : undefined;
}

/** Returns why an IP address may not be fetched, or undefined to allow it. */
export type AddressPolicy = (address: string) => string | undefined;
