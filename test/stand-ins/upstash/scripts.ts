// Lua scripts from @upstash/ratelimit ≥ 2.1 start with `#!lua flags=allow-key-locking`,
// a flag only Upstash knows: open-source Redis answers "Unexpected flag in
// script shebang". The stand-in replaces that first line with an empty one
// (line numbers in Lua errors stay right) before Redis sees the script.
//
// Stripping changes the script's SHA1, but clients call EVALSHA with the SHA1
// of the script *they* hold (@upstash/ratelimit even hard-codes it). So every
// stripped script is remembered as client-sha → redis-sha, EVALSHA and SCRIPT
// EXISTS are rewritten with it, and SCRIPT LOAD answers the client's sha, as
// Upstash itself would. An unknown sha still gets NOSCRIPT from Redis, which
// makes @upstash/redis fall back to EVAL, which records the mapping.
import { createHash } from "node:crypto";

export type Arg = string | Buffer;

export const sha1 = (text: string): string => createHash("sha1").update(text, "utf8").digest("hex");

/** The script with a leading `#!lua …` line blanked, or the script unchanged. */
export function stripShebang(script: string): string {
  if (!script.startsWith("#!lua")) return script;
  const newline = script.indexOf("\n");
  return newline < 0 ? "" : script.slice(newline);
}

export interface Prepared {
  args: Arg[];
  /** Rewrites the reply before it goes back (SCRIPT LOAD's sha). */
  reply?: (value: unknown) => unknown;
}

const text = (arg: Arg | undefined): string =>
  arg === undefined ? "" : typeof arg === "string" ? arg : arg.toString("utf8");

export class ScriptShas {
  private readonly clientToRedis = new Map<string, string>();

  /** Strips the shebang and remembers client sha → redis sha. */
  private load(script: string): string {
    const stripped = stripShebang(script);
    if (stripped !== script) this.clientToRedis.set(sha1(script), sha1(stripped));
    return stripped;
  }

  private redisSha(sha: Arg | undefined): string {
    const lower = text(sha).toLowerCase();
    return this.clientToRedis.get(lower) ?? text(sha);
  }

  prepare(args: Arg[]): Prepared {
    const name = text(args[0]).toLowerCase();
    if ((name === "eval" || name === "eval_ro") && args.length > 1) {
      return { args: [args[0]!, this.load(text(args[1])), ...args.slice(2)] };
    }
    if ((name === "evalsha" || name === "evalsha_ro") && args.length > 1) {
      return { args: [args[0]!, this.redisSha(args[1]), ...args.slice(2)] };
    }
    if (name === "script") {
      const sub = text(args[1]).toLowerCase();
      if (sub === "load" && args.length === 3) {
        const original = text(args[2]);
        const stripped = this.load(original);
        const clientSha = sha1(original);
        return {
          args: [args[0]!, args[1]!, stripped],
          reply: (value) => (typeof value === "string" || Buffer.isBuffer(value) ? clientSha : value),
        };
      }
      if (sub === "exists") return { args: [args[0]!, args[1]!, ...args.slice(2).map((sha) => this.redisSha(sha))] };
    }
    return { args };
  }
}
