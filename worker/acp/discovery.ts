import { ACP_VERSION, SUPPORTED_VERSIONS } from "./version.js";

/** `GET /.well-known/acp.json` (`$defs/DiscoveryResponse`). */
export function discoveryDocument(origin: string, currency: string, locale: string) {
  return {
    protocol: { name: "acp" as const, version: ACP_VERSION, supported_versions: [...SUPPORTED_VERSIONS] },
    api_base_url: origin,
    transports: ["rest" as const],
    capabilities: {
      services: ["checkout" as const],
      extensions: [
        {
          name: "discount",
          spec: "https://agenticcommerce.dev/specs/discount",
          schema: "https://agenticcommerce.dev/schemas/discount.json",
        },
      ],
      supported_currencies: [currency.toLowerCase()],
      supported_locales: [locale],
    },
  };
}
