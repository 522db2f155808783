import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip.js";

describe("clientIp: the key an address is counted under", () => {
  it("keeps an IPv4 address as it is", () => {
    expect(clientIp("192.0.2.45")).toBe("192.0.2.45");
    expect(clientIp(" 198.51.100.7 ")).toBe("198.51.100.7");
  });

  it("counts every address of one IPv6 /64 together", () => {
    const key = clientIp("2001:db8:29:5b::1");
    expect(key).toBe("2001:db8:29:5b::/64");
    for (const other of [
      "2001:db8:29:5b::2",
      "2001:0db8:0029:005b:ffff:ffff:ffff:ffff",
      "2001:DB8:29:5B:1:2:3:4",
      "2001:db8:29:5b::1%eth0",
    ]) {
      expect(clientIp(other)).toBe(key);
    }
  });

  it("gives the next /64 its own budget", () => {
    expect(clientIp("2001:db8:29:5c::1")).toBe("2001:db8:29:5c::/64");
    expect(clientIp("::1")).toBe("0:0:0:0::/64");
    expect(clientIp("fe80::")).toBe("fe80:0:0:0::/64");
  });

  it("counts IPv4-mapped IPv6 as the IPv4 address", () => {
    expect(clientIp("::ffff:192.0.2.45")).toBe("192.0.2.45");
    expect(clientIp("::ffff:c000:22d")).toBe("192.0.2.45");
  });

  it("puts anything unparseable in one shared bucket", () => {
    for (const bad of [
      undefined,
      "",
      "not-an-ip",
      "1.2.3",
      "256.1.1.1",
      "01.2.3.4",
      "2001:db8::1::2",
      "1:2:3:4:5:6:7:8:9",
      "1:2:3:4:5:6:7",
      "12345::",
      "::ffff:300.1.1.1",
      "x".repeat(100),
    ]) {
      expect(clientIp(bad)).toBe("unknown");
    }
  });
});
