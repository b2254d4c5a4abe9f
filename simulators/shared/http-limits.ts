import { MAX_METADATA_BYTES } from '../../lib/saml/metadata/parse-metadata.ts';

/**
 * What one HTTP request to a simulator may be. The README's "Limits" section lists these; every
 * refusal names the one it hit. XML inside a request has its own limits (lib/saml/xml-limits.ts,
 * and MAX_XML_BYTES once decoded).
 */
export const HTTP_LIMITS = {
  /** Request line and headers: room for an HTTP-Redirect message up to the decoder's cap. */
  maxHeaderBytes: 1024 * 1024,
  /** A form (HTTP-POST binding) or JSON body. */
  maxFormBytes: 1024 * 1024,
  /** Fields in one form. */
  maxParameters: 50,
  /** An XML body: metadata to trust. */
  maxXmlBodyBytes: MAX_METADATA_BYTES,
  /** Longer than any client's idle keep-alive (Node's and undici's 4-5 s, browsers' up to 60 s). */
  keepAliveTimeoutMs: 65_000,
  /** A request that has not arrived whole by then is dropped (slow-loris). */
  requestTimeoutMs: 30_000,
} as const;
