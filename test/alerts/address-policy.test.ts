/**
 * The one SSRF guard (shared/net/address-policy.ts) that feed fetches and webhook deliveries share.
 * Lives with the alert tests; test/feeds/fetch.test.ts covers the same module through fetchFeed.
 */
import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import {
  guardedLookup,
  REFUSED_ADDRESS_CODE,
  RefusedAddressError,
  refusedAddressReason,
  refusedLiteralHost,
} from "../../shared/net/address-policy.ts";

describe("refusedAddressReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["fe80::1%eth0", "linkLocal"],
    ["[fe80::1]", "linkLocal"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "carrierGradeNat"],
    ["255.255.255.255", "broadcast"],
  ])("refuses %s (%s)", (address, range) => {
    expect(refusedAddressReason(address)).toContain(range);
  });

  it.each(["93.184.216.34", "172.32.0.1", "8.8.8.8", "2606:4700::1111", "::ffff:93.184.216.34"])(
    "allows the public address %s",
    (address) => {
      expect(refusedAddressReason(address)).toBeUndefined();
    },
  );

  it("refuses what is not an IP address at all", () => {
    expect(refusedAddressReason("localhost")).toMatch(/not an IP address/);
    expect(refusedAddressReason("")).toMatch(/not an IP address/);
  });
});

describe("refusedLiteralHost", () => {
  it("refuses IP-literal hosts that never reach DNS, in every spelling the URL parser accepts", () => {
    expect(refusedLiteralHost(new URL("http://169.254.169.254/latest/meta-data/"))).toContain("linkLocal");
    expect(refusedLiteralHost(new URL("http://[::ffff:127.0.0.1]:8080/"))).toContain("loopback");
    expect(refusedLiteralHost(new URL("http://0x7f000001/"))).toContain("loopback");
    expect(refusedLiteralHost(new URL("http://2130706433/"))).toContain("loopback");
    expect(refusedLiteralHost(new URL("http://0.0.0.0:80/"))).toContain("unspecified");
    expect(refusedLiteralHost(new URL("http://[fc00::5]/"))).toContain("uniqueLocal");
  });

  it("refuses the localhost names whatever a resolver would say", () => {
    expect(refusedLiteralHost(new URL("http://localhost:3000/"))).toMatch(/localhost is a loopback name/);
    expect(refusedLiteralHost(new URL("http://LOCALHOST./"))).toMatch(/loopback name/);
    expect(refusedLiteralHost(new URL("https://api.localhost/"))).toMatch(/loopback name/);
  });

  it("leaves other names to the lookup, and follows a policy that admits loopback", () => {
    expect(refusedLiteralHost(new URL("https://example.org/feed"))).toBeUndefined();
    expect(refusedLiteralHost(new URL("https://93.184.216.34/"))).toBeUndefined();
    const loopbackOnly = (ip: string) =>
      ip === "127.0.0.1" || ip === "::1" ? undefined : refusedAddressReason(ip);
    expect(refusedLiteralHost(new URL("http://localhost/"), loopbackOnly)).toBeUndefined();
    expect(refusedLiteralHost(new URL("http://10.0.0.1/"), loopbackOnly)).toContain("private");
  });
});

describe("guardedLookup", () => {
  type Outcome = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };
  const run = (host: string, options: { all?: boolean }, policy?: (ip: string) => string | undefined) =>
    new Promise<Outcome>((resolve) => {
      const lookup = guardedLookup(policy) as unknown as (
        h: string,
        o: { all?: boolean },
        cb: (e: NodeJS.ErrnoException | null, a: string | LookupAddress[], f?: number) => void,
      ) => void;
      lookup(host, options, (error, address, family) => resolve({ error, address, family }));
    });

  it("refuses a name that resolves to loopback, with a code callers can classify", async () => {
    const { error } = await run("localhost", { all: true });
    expect(error).toBeInstanceOf(RefusedAddressError);
    expect(error?.code).toBe(REFUSED_ADDRESS_CODE);
    expect(error?.message).toMatch(/localhost resolves to a refused address: .* is loopback/);
  });

  it("answers in the shape asked for when the policy admits the addresses", async () => {
    const admitAll = () => undefined;
    const all = await run("localhost", { all: true }, admitAll);
    expect(all.error).toBeNull();
    expect(Array.isArray(all.address) && all.address.length > 0).toBe(true);
    const one = await run("localhost", {}, admitAll);
    expect(one.error).toBeNull();
    expect(typeof one.address).toBe("string");
    expect([4, 6]).toContain(one.family);
  });

  it("passes DNS failures through unchanged", async () => {
    const { error } = await run("no-such-host.invalid", {});
    expect(error?.code).toMatch(/ENOTFOUND|EAI_AGAIN/);
  });
});
