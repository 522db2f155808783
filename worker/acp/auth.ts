import { AcpError } from "./errors.js";
import { ACP_VERSION, SUPPORTED_VERSIONS } from "./version.js";

const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Compares two secrets in time that depends on neither: both are hashed to 32
 * bytes first, so length differences leak nothing either.
 */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([crypto.subtle.digest("SHA-256", encoder.encode(a)), crypto.subtle.digest("SHA-256", encoder.encode(b))]);
  const p = new Uint8Array(x);
  const q = new Uint8Array(y);
  let diff = 0;
  for (let i = 0; i < p.length; i++) diff |= p[i]! ^ q[i]!;
  return diff === 0;
}

/** `Authorization: Bearer <ACP_API_KEY>`; anything else is a 401. Returns the caller's identity fingerprint. */
export async function authenticate(authorization: string | undefined, apiKey: string): Promise<string> {
  const challenge = { headers: { "WWW-Authenticate": 'Bearer realm="acp"' } };
  if (!authorization) throw new AcpError(401, "unauthorized", "Authorization: Bearer <api key> is required.", challenge);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match || !(await constantTimeEqual(match[1]!, apiKey))) {
    throw new AcpError(401, "invalid_api_key", "The API key is not valid.", challenge);
  }
  return sha256Hex(`acp-identity\n${apiKey}`);
}

/** `API-Version` must name a version we speak; the error lists the ones we do. */
export function checkVersion(header: string | undefined): string {
  if (header === undefined || header.trim() === "") {
    throw new AcpError(400, "missing_api_version", `The API-Version header is required (this server speaks ${ACP_VERSION}).`, { supportedVersions: true, param: "API-Version" });
  }
  const v = header.trim();
  if (!SUPPORTED_VERSIONS.includes(v)) {
    throw new AcpError(400, "unsupported_api_version", `API-Version ${JSON.stringify(v)} is not supported (this server speaks ${SUPPORTED_VERSIONS.join(", ")}).`, {
      supportedVersions: true,
      param: "API-Version",
    });
  }
  return v;
}
