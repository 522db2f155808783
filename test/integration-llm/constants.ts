/** LLM_TIMEOUT_MS of the integration-llm Worker: a hung model must cost a test a second and a half, not eight. */
export const LLM_TEST_TIMEOUT_MS = "1500";
