import { describe, expect, it } from "vitest";
import { encodeCommand, parseReply, RespError } from "./resp.js";

const b = (s: string) => Buffer.from(s, "utf8");

describe("RESP2 parser", () => {
  it("reads simple strings, errors, integers and bulk strings", () => {
    expect(parseReply(b("+OK\r\n"))).toEqual({ value: "OK", next: 5 });
    expect(parseReply(b("-ERR wrong type\r\n"))!.value).toEqual(new RespError("ERR wrong type"));
    expect(parseReply(b(":-42\r\n"))!.value).toBe(-42);
    expect(parseReply(b("$5\r\nhello\r\n"))!.value).toEqual(b("hello"));
  });

  it("keeps bulk strings binary-safe, CRLF and multi-byte UTF-8 included", () => {
    const payload = Buffer.concat([b("a\r\nb "), b("ü🎉"), Buffer.from([0, 255])]);
    const wire = Buffer.concat([b(`$${payload.length}\r\n`), payload, b("\r\n")]);
    expect(parseReply(wire)).toEqual({ value: payload, next: wire.length });
  });

  it("reads nil bulk strings and nil arrays as null", () => {
    expect(parseReply(b("$-1\r\n"))!.value).toBeNull();
    expect(parseReply(b("*-1\r\n"))!.value).toBeNull();
  });

  it("reads nested arrays with mixed items", () => {
    const wire = b("*3\r\n:1\r\n*2\r\n$1\r\na\r\n$-1\r\n*0\r\n");
    expect(parseReply(wire)).toEqual({ value: [1, [b("a"), null], []], next: wire.length });
  });

  it("waits for more bytes at every cut of a reply", () => {
    const wire = b("*2\r\n$3\r\nfoo\r\n*1\r\n:7\r\n");
    for (let cut = 0; cut < wire.length; cut++) expect(parseReply(wire.subarray(0, cut))).toBeUndefined();
    expect(parseReply(wire)!.next).toBe(wire.length);
  });

  it("reads back-to-back replies from an offset", () => {
    const wire = b("+OK\r\n:2\r\n");
    const first = parseReply(wire)!;
    expect(parseReply(wire, first.next)).toEqual({ value: 2, next: wire.length });
  });

  it("refuses bytes that are not RESP", () => {
    expect(() => parseReply(b("?what\r\n"))).toThrow(/unexpected type byte/);
  });
});

describe("RESP2 command encoding", () => {
  it("sends every argument as a bulk string, counted in bytes", () => {
    expect(encodeCommand(["SET", "k", "ü"]).toString("utf8")).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\nü\r\n");
  });
});
