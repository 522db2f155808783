// A small RESP2 client over node:net: enough to drive a private redis-server
// for the Upstash REST stand-in. Commands go out as arrays of bulk strings;
// replies are parsed incrementally (nested arrays, nil, errors, integers,
// bulk strings) and handed back in the order the commands were written, so
// one connection can carry a whole pipeline.
import { connect, type Socket } from "node:net";

/** A Redis error reply (`-ERR …`), kept apart from simple strings. */
export class RespError {
  constructor(readonly message: string) {}
}

/**
 * A parsed reply: simple string → string, bulk string → Buffer (binary-safe),
 * integer → number, nil → null, error → RespError, array → RespValue[].
 */
export type RespValue = string | Buffer | number | null | RespError | RespValue[];

type Parsed = { value: RespValue; next: number };

/** Parses one reply starting at `offset`; undefined when the buffer does not hold all of it yet. */
export function parseReply(buf: Buffer, offset = 0): Parsed | undefined {
  if (offset >= buf.length) return undefined;
  const type = String.fromCharCode(buf[offset]!);
  const end = buf.indexOf("\r\n", offset + 1, "latin1");
  if (end < 0) return undefined;
  const line = buf.toString("utf8", offset + 1, end);
  const after = end + 2;
  switch (type) {
    case "+":
      return { value: line, next: after };
    case "-":
      return { value: new RespError(line), next: after };
    case ":": {
      const n = Number(line);
      if (!Number.isInteger(n)) throw new Error(`RESP: bad integer ${JSON.stringify(line)}`);
      return { value: n, next: after };
    }
    case "$": {
      const len = Number(line);
      if (len === -1) return { value: null, next: after };
      if (!Number.isInteger(len) || len < 0) throw new Error(`RESP: bad bulk length ${JSON.stringify(line)}`);
      if (buf.length < after + len + 2) return undefined;
      return { value: Buffer.from(buf.subarray(after, after + len)), next: after + len + 2 };
    }
    case "*": {
      const count = Number(line);
      if (count === -1) return { value: null, next: after };
      if (!Number.isInteger(count) || count < 0) throw new Error(`RESP: bad array length ${JSON.stringify(line)}`);
      const items: RespValue[] = [];
      let next = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`RESP: unexpected type byte ${JSON.stringify(type)}`);
  }
}

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: ReadonlyArray<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === "string" ? Buffer.from(arg, "utf8") : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, Buffer.from("\r\n"));
  }
  return Buffer.concat(parts);
}

type Waiter = { resolve: (v: RespValue) => void; reject: (e: Error) => void };

/** One TCP connection to Redis. Replies resolve in the order commands were sent. */
export class RespConnection {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: Waiter[] = [];
  private failure: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => this.fail(error));
    socket.on("close", () => this.fail(new Error("redis connection closed")));
  }

  static open(port: number, host = "127.0.0.1", timeoutMs = 2000): Promise<RespConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`redis at ${host}:${port}: connect timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once("connect", () => {
        clearTimeout(timer);
        socket.removeAllListeners("error");
        resolve(new RespConnection(socket));
      });
      socket.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  }

  get healthy(): boolean {
    return this.failure === undefined;
  }

  /** Sends one command; resolves with its reply (a RespError is a value, not a rejection). */
  send(args: ReadonlyArray<string | Buffer>): Promise<RespValue> {
    return this.sendMany([args]).then((replies) => replies[0]!);
  }

  /** Writes all commands in one go and resolves with their replies in order. */
  sendMany(commands: ReadonlyArray<ReadonlyArray<string | Buffer>>): Promise<RespValue[]> {
    if (this.failure) return Promise.reject(this.failure);
    const replies = commands.map(
      () => new Promise<RespValue>((resolve, reject) => this.waiting.push({ resolve, reject })),
    );
    this.socket.write(Buffer.concat(commands.map(encodeCommand)));
    return Promise.all(replies);
  }

  close(): void {
    this.fail(new Error("redis connection closed by client"));
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let offset = 0;
    try {
      for (;;) {
        const parsed = parseReply(this.buffer, offset);
        if (!parsed) break;
        offset = parsed.next;
        const waiter = this.waiting.shift();
        if (!waiter) throw new Error("RESP: reply with no command waiting for it");
        waiter.resolve(parsed.value);
      }
    } catch (error) {
      this.fail(error as Error);
      this.socket.destroy();
      return;
    }
    this.buffer = offset === this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(offset);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(this.failure);
  }
}

/**
 * A small pool: each HTTP request leases one connection for its whole
 * duration (MULTI/EXEC needs that), and gives it back afterwards.
 */
export class RespPool {
  private readonly idle: RespConnection[] = [];
  private closed = false;

  constructor(
    private readonly port: number,
    private readonly maxIdle = 8,
  ) {}

  async with<T>(use: (connection: RespConnection) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error("redis pool is closed");
    const connection = this.idle.pop() ?? (await RespConnection.open(this.port));
    try {
      return await use(connection);
    } finally {
      if (!this.closed && connection.healthy && this.idle.length < this.maxIdle) this.idle.push(connection);
      else connection.close();
    }
  }

  close(): void {
    this.closed = true;
    for (const connection of this.idle.splice(0)) connection.close();
  }
}
