// Files a channel stand-in serves for download (Telegram's /file/bot…,
// WhatsApp's media URLs), including the ways a download goes wrong: a file
// that never arrives, one that never ends, one that claims to be huge.
import type { ServerResponse } from "node:http";

export type FileBehaviour = "normal" | "hang" | "endless" | "declared_huge";

export interface StoredFile {
  readonly bytes: Uint8Array;
  readonly mimeType: string;
  readonly behaviour: FileBehaviour;
}

export class MediaFiles {
  private readonly files = new Map<string, StoredFile>();
  private readonly open = new Set<ServerResponse>();

  add(id: string, bytes: Uint8Array, options: { mimeType?: string; behaviour?: FileBehaviour } = {}): void {
    this.files.set(id, { bytes, mimeType: options.mimeType ?? "image/jpeg", behaviour: options.behaviour ?? "normal" });
  }

  get(id: string): StoredFile | undefined {
    return this.files.get(id);
  }

  /** Sends the file as its behaviour says; `contentType` is what the real service sends. */
  serve(res: ServerResponse, file: StoredFile, contentType: string): void {
    this.open.add(res);
    res.on("close", () => this.open.delete(res));
    switch (file.behaviour) {
      case "normal":
        res.writeHead(200, { "content-type": contentType, "content-length": file.bytes.byteLength });
        return void res.end(file.bytes);
      case "hang":
        return;
      case "declared_huge":
        res.writeHead(200, { "content-type": contentType, "content-length": String(512 * 1024 * 1024) });
        return void res.write(file.bytes);
      case "endless": {
        res.writeHead(200, { "content-type": contentType });
        res.write(file.bytes);
        const chunk = new Uint8Array(64 * 1024);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once("drain", pump);
        };
        return pump();
      }
    }
  }

  /** Drops the files and ends downloads still open (a hung one would keep the server from closing). */
  clear(): void {
    this.files.clear();
    for (const res of this.open) res.destroy();
    this.open.clear();
  }
}
