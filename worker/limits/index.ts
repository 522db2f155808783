// Edge rate limits: the port, its two adapters, the configured rules.
export { assertRule, degradedDecision, describeFailure, logFailure, rateLimitHeaders, retryAfter, withFailMode, type LimitDecision, type LimitFailureHandler, type Limiter, type LimitKind, type LimitRule } from "./limiter.js";
export { LIMIT_DEFAULTS, backendTimeoutMs, limitRules, parseLimit, type LimitEnv, type LimitRules } from "./rules.js";
export { limiterFor, type LimiterEnv } from "./select.js";
export { UpstashLimiter, type UpstashLimiterOptions } from "./upstash-limiter.js";
export { DurableObjectLimiter, type DurableObjectLimiterOptions } from "./do-limiter.js";
