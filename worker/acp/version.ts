/** The Agentic Commerce Protocol version this server speaks. */
export const ACP_VERSION = "2026-04-17";

/** Every version accepted in `API-Version`, oldest first (discovery order). */
export const SUPPORTED_VERSIONS: readonly string[] = [ACP_VERSION];
