export { clipText, type TraceClipLimits } from './clip-entry.ts';
export {
  DEFAULT_MAX_DECODED_BYTES,
  type DecodedJwt,
  type DecodeOptions,
  decodeBase64Strict,
  decodeJwt,
  decodePost,
  decodeRedirect,
  decodeSaml,
  encodePost,
  encodeRedirect,
  formatJwt,
  inflateRawCapped,
  type SamlBinding,
  TraceDecodeError,
  type TraceDecodeErrorCode,
} from './decode.ts';
export { formatXml } from './format-xml.ts';
export * from './recorder.ts';
export { actorsOf, entryLabel, renderSequenceMermaid, renderSequenceSvg } from './sequence-diagram.ts';
export type { TraceCheck, TraceEntry } from './types.ts';
