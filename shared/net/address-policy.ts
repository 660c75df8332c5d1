/**
 * The one SSRF guard for every outbound request (feed fetches and webhook deliveries): which IP
 * addresses may be contacted, a DNS lookup for http.request that enforces it at connect time, and
 * the check for URL hosts that never reach DNS (IP literals and the "localhost" names).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** Returns why an IP address may not be contacted, or undefined to allow it. */
export type AddressPolicy = (address: string) => string | undefined;

/** Error code of RefusedAddressError, so callers can classify a refusal ("refused-private"). */
export const REFUSED_ADDRESS_CODE = "ERR_TW_REFUSED_PRIVATE";

/** A request refused because its target is (or resolves to) a non-public address. */
export class RefusedAddressError extends Error {
  override readonly name = "RefusedAddressError";
  readonly code = REFUSED_ADDRESS_CODE;
}

function bareAddress(address: string): string {
  // "[::1]" from URL.hostname; "fe80::1%eth0" zone ids say nothing about the range.
  return address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
}

/**
 * Why an address may not be contacted, or undefined for a public unicast address. Loopback,
 * RFC 1918, CGNAT, link-local (169.254.169.254 is the cloud metadata service), unique-local,
 * multicast, unspecified (0.0.0.0, ::), reserved and documentation ranges are refused. IPv6 forms
 * that embed an IPv4 address (::ffff:127.0.0.1) are judged by the IPv4 address they carry.
 */
export const refusedAddressReason: AddressPolicy = (address) => {
  const bare = bareAddress(address);
  if (!isIP(bare)) return `${bare || "(empty)"} is not an IP address`;
  const range = ipaddr.process(bare).range();
  return range === "unicast" ? undefined : `${bare} is ${range}`;
};

/** "localhost" and "*.localhost" always mean loopback (RFC 6761), whatever a resolver says. */
function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, "");
  return name === "localhost" || name.endsWith(".localhost");
}

/**
 * For a URL whose host never reaches the DNS lookup (an IP literal) or must not be trusted to
 * (a localhost name): the refusal reason, if any. Other names are checked by guardedLookup.
 */
export function refusedLiteralHost(
  url: URL,
  policy: AddressPolicy = refusedAddressReason,
): string | undefined {
  const host = bareAddress(url.hostname);
  if (isIP(host)) return policy(host);
  if (isLocalhostName(host)) {
    // Judged as the loopback addresses it stands for, so a policy that admits loopback admits it.
    const reason = policy("127.0.0.1") ?? policy("::1");
    return reason ? `${host} is a loopback name (${reason})` : undefined;
  }
  return undefined;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A dns.lookup replacement for http.request. Every resolved address is checked (a name with one
 * private record is refused), at connect time, so a name cannot resolve to a public address for a
 * check and to a private one for the connection; every redirect hop connects through it again.
 */
export function guardedLookup(policy: AddressPolicy = refusedAddressReason): LookupFunction {
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses as LookupAddress[];
      if (list.length === 0) {
        return callback(Object.assign(new Error(`${hostname}: no addresses`), { code: "ENOTFOUND" }), []);
      }
      for (const { address } of list) {
        const reason = policy(address);
        if (reason)
          return callback(
            new RefusedAddressError(`${hostname} resolves to a refused address: ${reason}`),
            [],
          );
      }
      // Hand back the shape the caller asked for (net asks for all: true when it races families).
      if (options.all) return callback(null, list);
      const [first] = list as [LookupAddress];
      callback(null, first.address, first.family);
    });
  };
  return lookup as unknown as LookupFunction;
}
