// Photo downloads against a real local HTTP server that misbehaves.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadImage, imageDataUrl, MediaError, sniffImageType } from "./media.js";

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);
let server: Server;
let base: string;
const open = new Set<import("node:http").ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => {
    open.add(res);
    res.on("close", () => open.delete(res));
    switch (req.url) {
      case "/ok":
        return res.writeHead(200, { "content-type": "application/octet-stream" }).end(JPEG);
      case "/declared-huge":
        return res.writeHead(200, { "content-length": String(50 * 1024 * 1024) }).write(JPEG);
      case "/endless": {
        // No length header, and it never stops.
        res.writeHead(200);
        const chunk = new Uint8Array(64 * 1024).fill(0xff);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once("drain", pump);
        };
        return pump();
      }
      case "/hang":
        return; // never answers
      case "/trickle":
        res.writeHead(200);
        return void res.write(JPEG.subarray(0, 3)); // then nothing more
      case "/html":
        return res.writeHead(200, { "content-type": "image/jpeg" }).end("<html>not a photo</html>");
      default:
        return res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const r of open) r.destroy();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

async function failure(path: string, opts = {}): Promise<string> {
  try {
    await downloadImage(`${base}${path}`, { maxBytes: 1024 * 1024, timeoutMs: 400, ...opts });
    return "no error";
  } catch (err) {
    return err instanceof MediaError ? err.kind : `unexpected ${String(err)}`;
  }
}

describe("downloadImage", () => {
  it("reads a small image and names its type from the bytes, not the header", async () => {
    const img = await downloadImage(`${base}/ok`);
    expect(img.type).toBe("image/jpeg");
    expect([...img.bytes]).toEqual([...JPEG]);
    expect(imageDataUrl(img)).toBe(`data:image/jpeg;base64,${Buffer.from(JPEG).toString("base64")}`);
  });

  it("a declared huge file is refused before reading it; an endless one once the cap is passed", async () => {
    expect(await failure("/declared-huge")).toBe("too_large");
    const started = Date.now();
    expect(await failure("/endless", { timeoutMs: 10_000 })).toBe("too_large");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a hung server and one that stops mid-file both end at the deadline", async () => {
    for (const path of ["/hang", "/trickle"]) {
      const started = Date.now();
      expect(await failure(path)).toBe("timeout");
      expect(Date.now() - started).toBeLessThan(3000);
    }
  });

  it("an HTML page sent as image/jpeg, a 404 and a closed port are refused by kind", async () => {
    expect(await failure("/html")).toBe("not_an_image");
    expect(await failure("/missing")).toBe("bad_status");
    expect(await failure("", { fetch: () => Promise.reject(new TypeError("connection refused")) })).toBe("unreachable");
  });

  it("sniffs PNG, WebP and GIF and nothing else", () => {
    expect(sniffImageType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("image/png");
    expect(sniffImageType(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(sniffImageType(new TextEncoder().encode("GIF89a"))).toBe("image/gif");
    expect(sniffImageType(new TextEncoder().encode("%PDF-1.7"))).toBeNull();
  });
});
