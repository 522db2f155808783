import { secretsEqual, sha256Hex } from "../http/crypto.js";
import { AcpError } from "./errors.js";
import { ACP_VERSION, SUPPORTED_VERSIONS } from "./version.js";

/** `Authorization: Bearer <ACP_API_KEY>`; anything else is a 401. Returns the caller's identity fingerprint. */
export async function authenticate(authorization: string | undefined, apiKey: string): Promise<string> {
  const challenge = { headers: { "WWW-Authenticate": 'Bearer realm="acp"' } };
  if (!authorization)
    throw new AcpError(401, "unauthorized", "Authorization: Bearer <api key> is required.", challenge);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match || !(await secretsEqual(match[1]!, apiKey))) {
    throw new AcpError(401, "invalid_api_key", "The API key is not valid.", challenge);
  }
  return sha256Hex(`acp-identity\n${apiKey}`);
}

/** `API-Version` must name a version we speak; the error lists the ones we do. */
export function checkVersion(header: string | undefined): string {
  if (header === undefined || header.trim() === "") {
    throw new AcpError(
      400,
      "missing_api_version",
      `The API-Version header is required (this server speaks ${ACP_VERSION}).`,
      { supportedVersions: true, param: "API-Version" },
    );
  }
  const v = header.trim();
  if (!SUPPORTED_VERSIONS.includes(v)) {
    throw new AcpError(
      400,
      "unsupported_api_version",
      `API-Version ${JSON.stringify(v)} is not supported (this server speaks ${SUPPORTED_VERSIONS.join(", ")}).`,
      {
        supportedVersions: true,
        param: "API-Version",
      },
    );
  }
  return v;
}
