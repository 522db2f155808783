/**
 * Node test files that start a server (the stand-ins, a local HTTP server),
 * a redis-server or a child process. They run in the "servers" vitest
 * project, so `vitest run --project unit` stays pure logic and quick.
 * worker/architecture.test.ts fails when a unit test file starts one of these
 * and is missing here.
 */
export const SERVER_TESTS = [
  // The stand-ins' own tests (Stripe, Telegram, WhatsApp, Upstash over redis-server, the model).
  "test/stand-ins/**/*.test.ts",
  // The model planner and the photo turn against the model stand-in over HTTP.
  "worker/agent/llm/guardrails.test.ts",
  "worker/agent/llm/transcript.test.ts",
  "worker/agent/photo/photo-turn.test.ts",
  // Photo downloads from the Telegram and WhatsApp stand-ins and from a local HTTP server.
  "worker/channels/channel-media.test.ts",
  "worker/channels/media.test.ts",
];
