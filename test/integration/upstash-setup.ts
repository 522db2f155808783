import { startRedisServer } from "../stand-ins/upstash/redis-process.js";
import { startUpstashRest } from "../stand-ins/upstash/server.js";

export const UPSTASH_TEST_TOKEN = "upstash-integration-token";

declare module "vitest" {
  export interface ProvidedContext {
    /** Upstash REST stand-in URL for the integration run; "" when it could not start (see upstashSkipped). */
    upstashUrl: string;
    upstashToken: string;
    /** Why there is no Upstash stand-in (e.g. redis-server not installed); "" when there is one. */
    upstashSkipped: string;
  }
}

/**
 * Starts a private redis-server and the Upstash REST stand-in in front of it,
 * for the whole integration run (called from global-setup.ts). Without
 * redis-server it resolves `{ skipped }` outside CI and throws in CI.
 */
export async function startUpstashForTests(): Promise<
  { url: string; token: string; stop(): Promise<void> } | { skipped: string }
> {
  const redis = await startRedisServer();
  if ("skipped" in redis) return redis;
  try {
    const rest = await startUpstashRest({ redisPort: redis.port, token: UPSTASH_TEST_TOKEN });
    return {
      url: rest.url,
      token: UPSTASH_TEST_TOKEN,
      async stop() {
        await rest.close();
        await redis.stop();
      },
    };
  } catch (error) {
    await redis.stop();
    throw error;
  }
}
