// The Upstash REST stand-in's public surface: a private redis-server and the
// REST server in front of it. See README.md.
export { startUpstashRest, type UpstashRest, type UpstashRestOptions } from "./server.js";
export {
  REDIS_MISSING,
  findRedisServer,
  redisUnavailableReason,
  startRedisServer,
  type RedisProcess,
} from "./redis-process.js";
export { stripShebang } from "./scripts.js";
