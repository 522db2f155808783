import type { ContentfulStatusCode } from "hono/utils/http-status";
import { SUPPORTED_VERSIONS } from "./version.js";

/** `Error.type` of the ACP schema. */
export type AcpErrorType = "invalid_request" | "processing_error" | "service_unavailable";

/** The ACP protocol-level error body (`$defs/Error`): flat, not our API's `{ error: {…} }`. */
export interface AcpErrorBody {
  type: AcpErrorType;
  code: string;
  message: string;
  param?: string;
  supported_versions?: string[];
}

/**
 * What ACP routes throw. The ACP router's onError (worker/routes/acp.routes.ts)
 * is the one place it becomes a response, in the spec's Error shape.
 */
export class AcpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly extra: {
      type?: AcpErrorType;
      param?: string;
      supportedVersions?: boolean;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
    this.name = "AcpError";
  }

  body(): AcpErrorBody {
    return acpErrorBody(this.code, this.message, this.extra);
  }
}

export function acpErrorBody(
  code: string,
  message: string,
  extra: { type?: AcpErrorType; param?: string; supportedVersions?: boolean } = {},
): AcpErrorBody {
  return {
    type: extra.type ?? "invalid_request",
    code,
    message,
    ...(extra.param !== undefined ? { param: extra.param } : {}),
    ...(extra.supportedVersions ? { supported_versions: [...SUPPORTED_VERSIONS].reverse() } : {}),
  };
}

/** A path as an RFC 9535 JSONPath, e.g. ["line_items", 0, "quantity"] → "$.line_items[0].quantity". */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (acc, p) =>
      typeof p === "number"
        ? `${acc}[${p}]`
        : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(p))
          ? `${acc}.${String(p)}`
          : `${acc}['${String(p).replace(/'/g, "\\'")}']`,
    "$",
  );
}
