import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";

/** True for addresses on the public internet; false for loopback, private, link-local, metadata… */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === "unicast";
}

export class PrivateNetworkError extends Error {
  override readonly name = "PrivateNetworkError";
}

/**
 * A DNS lookup for http.request that refuses non-public addresses. Checking at connect time (not
 * before) means a name cannot resolve to a public address for the check and a private one for the
 * connection.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, options, (error, result, family) => {
    if (error) return callback(error, result as string, family);
    const addresses: LookupAddress[] = Array.isArray(result)
      ? result
      : [{ address: result, family: family ?? 4 }];
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused) {
      const err = new PrivateNetworkError(
        `${hostname} resolves to non-public address ${refused.address}; refused (allowPrivateNetwork is off)`,
      );
      return callback(err as NodeJS.ErrnoException, "", 4);
    }
    // Hand back exactly the shape the caller asked for (all: true wants the array).
    (callback as (e: null, r: string | LookupAddress[], f?: number) => void)(null, result, family);
  });
};

/** Refuse a URL whose host is a literal non-public IP (those never reach the lookup function). */
export function assertPublicLiteralHost(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(host) && !isPublicAddress(host)) {
    throw new PrivateNetworkError(
      `${url.host} is a non-public address; refused (allowPrivateNetwork is off)`,
    );
  }
  if (host === "localhost" || host.endsWith(".localhost")) {
    throw new PrivateNetworkError(`${url.host} is loopback; refused (allowPrivateNetwork is off)`);
  }
}
