import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** Default ceiling for any decoded message: far above a real SAML message, far below a deflate bomb. */
export const DEFAULT_MAX_DECODED_BYTES = 256 * 1024;

export type TraceDecodeErrorCode = 'BAD_BASE64' | 'BAD_DEFLATE' | 'TOO_LARGE' | 'BAD_UTF8' | 'BAD_JWT';

/** A message that could not be decoded; `code` names the layer that failed so a 4xx can say exactly what was wrong. */
export class TraceDecodeError extends Error {
  readonly code: TraceDecodeErrorCode;
  constructor(code: TraceDecodeErrorCode, message: string) {
    super(message);
    this.name = 'TraceDecodeError';
    this.code = code;
  }
}

export interface DecodeOptions {
  /** Largest decoded size accepted, in bytes. */
  maxBytes?: number;
  /** Names the parameter in error messages, e.g. 'SAMLRequest'. */
  label?: string;
}

export type SamlBinding = 'HTTP-Redirect' | 'HTTP-POST';

const BASE64_BODY = /^[A-Za-z0-9+/]*$/;

function prefix(opts: DecodeOptions | undefined): string {
  return opts?.label ? `${opts.label}: ` : '';
}

function limitOf(opts: DecodeOptions | undefined): number {
  return opts?.maxBytes ?? DEFAULT_MAX_DECODED_BYTES;
}

/**
 * Strict standard-alphabet base64. Node's own decoder silently skips bad characters, which would turn a
 * mangled message into plausible garbage; this names the first bad character instead.
 */
export function decodeBase64Strict(value: string, opts?: DecodeOptions): Buffer {
  const p = prefix(opts);
  const max = limitOf(opts);
  // Line breaks are legal in HTTP-POST (MIME-style wrapping); a space is a '+' that went through form decoding once too often.
  const compact = value.replace(/[\r\n\t]/g, '').replace(/ /g, '+');
  if (compact.length === 0) throw new TraceDecodeError('BAD_BASE64', `${p}bad base64: empty value`);
  if (Math.floor((compact.length * 3) / 4) > max + 3) {
    throw new TraceDecodeError(
      'TOO_LARGE',
      `${p}too large: ${compact.length} base64 characters exceed the ${max}-byte limit`,
    );
  }
  const body = compact.replace(/={1,2}$/, '');
  if (!BASE64_BODY.test(body)) {
    const at = body.search(/[^A-Za-z0-9+/]/);
    const ch = body.codePointAt(at) ?? 0;
    throw new TraceDecodeError(
      'BAD_BASE64',
      `${p}bad base64: character U+${ch.toString(16).toUpperCase().padStart(4, '0')} at offset ${at} is not in the base64 alphabet`,
    );
  }
  if (body.length % 4 === 1) {
    throw new TraceDecodeError(
      'BAD_BASE64',
      `${p}bad base64: length ${body.length} cannot be base64 (truncated?)`,
    );
  }
  if (compact.length !== body.length && compact.length % 4 !== 0) {
    throw new TraceDecodeError('BAD_BASE64', `${p}bad base64: wrong padding`);
  }
  const bytes = Buffer.from(body, 'base64');
  if (bytes.length > max) {
    throw new TraceDecodeError(
      'TOO_LARGE',
      `${p}too large: ${bytes.length} bytes exceed the ${max}-byte limit`,
    );
  }
  return bytes;
}

function utf8(bytes: Buffer, p: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TraceDecodeError('BAD_UTF8', `${p}bad text: decoded bytes are not valid UTF-8`);
  }
}

function looksLikeZlib(bytes: Buffer): boolean {
  return bytes.length >= 2 && (bytes[0] & 0x0f) === 8 && ((bytes[0] << 8) | bytes[1]) % 31 === 0;
}

/** Raw DEFLATE (RFC 1951) with an output ceiling enforced while inflating, so a bomb stops at the limit. */
export function inflateRawCapped(bytes: Buffer, opts?: DecodeOptions): Buffer {
  const p = prefix(opts);
  const max = limitOf(opts);
  try {
    return inflateRawSync(bytes, { maxOutputLength: max });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new TraceDecodeError(
        'TOO_LARGE',
        `${p}too large: inflated message exceeds the ${max}-byte limit`,
      );
    }
    const hint = looksLikeZlib(bytes)
      ? ' (looks zlib-wrapped, RFC 1950; HTTP-Redirect requires raw DEFLATE, RFC 1951)'
      : '';
    throw new TraceDecodeError('BAD_DEFLATE', `${p}bad deflate: ${e.message}${hint}`);
  }
}

function urlDecodeIfEncoded(value: string, p: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    throw new TraceDecodeError('BAD_BASE64', `${p}bad base64: value contains a malformed %-escape`);
  }
}

/** HTTP-Redirect binding value (SAMLRequest / SAMLResponse query parameter, URL-encoded or not) → XML text. */
export function decodeRedirect(value: string, opts?: DecodeOptions): string {
  const p = prefix(opts);
  const bytes = decodeBase64Strict(urlDecodeIfEncoded(value, p), opts);
  return utf8(inflateRawCapped(bytes, opts), p);
}

/** HTTP-POST binding value (form field) → XML text. */
export function decodePost(value: string, opts?: DecodeOptions): string {
  return utf8(decodeBase64Strict(value, opts), prefix(opts));
}

export function decodeSaml(value: string, binding: SamlBinding, opts?: DecodeOptions): string {
  return binding === 'HTTP-Redirect' ? decodeRedirect(value, opts) : decodePost(value, opts);
}

/** XML → HTTP-Redirect value (raw DEFLATE + base64), not yet URL-encoded. */
export function encodeRedirect(xml: string): string {
  return deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
}

/** XML → HTTP-POST value (base64). */
export function encodePost(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  /** The signature segment as it travelled (base64url); never verified here. */
  signature: string;
}

function jwtPart(segment: string, name: string, opts?: DecodeOptions): Record<string, unknown> {
  const p = prefix(opts);
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) {
    throw new TraceDecodeError('BAD_JWT', `${p}bad JWT: ${name} is not base64url`);
  }
  const text = utf8(Buffer.from(segment, 'base64url'), p);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TraceDecodeError('BAD_JWT', `${p}bad JWT: ${name} is not JSON`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TraceDecodeError('BAD_JWT', `${p}bad JWT: ${name} is not a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** Compact JWS → header and payload, for display only: nothing here checks the signature. */
export function decodeJwt(token: string, opts?: DecodeOptions): DecodedJwt {
  const p = prefix(opts);
  const max = limitOf(opts);
  const trimmed = token.trim();
  if (trimmed.length > max) {
    throw new TraceDecodeError(
      'TOO_LARGE',
      `${p}too large: token of ${trimmed.length} characters exceeds the ${max}-byte limit`,
    );
  }
  const parts = trimmed.split('.');
  if (parts.length === 5) {
    throw new TraceDecodeError(
      'BAD_JWT',
      `${p}bad JWT: five segments, an encrypted JWE; its payload cannot be shown`,
    );
  }
  if (parts.length !== 3) {
    throw new TraceDecodeError(
      'BAD_JWT',
      `${p}bad JWT: ${parts.length} segments, expected header.payload.signature`,
    );
  }
  return {
    header: jwtPart(parts[0], 'header', opts),
    payload: jwtPart(parts[1], 'payload', opts),
    signature: parts[2],
  };
}

/** Header and payload as indented JSON, the form a trace entry's `decoded` field carries. */
export function formatJwt(decoded: DecodedJwt): string {
  return `${JSON.stringify(decoded.header, null, 2)}\n.\n${JSON.stringify(decoded.payload, null, 2)}`;
}
