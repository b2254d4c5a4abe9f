/** The building blocks of every generator: requests as raw bytes, seeded randomness, odd values. */

export interface Req {
  method: string;
  target: string;
  headers?: Array<[string, string]>;
  body?: Buffer | string;
  contentType?: string;
  /** Leave out the Content-Length that would otherwise be added for a body. */
  noLength?: boolean;
  version?: string;
}

export function wire(host: string, r: Req): Buffer {
  const body =
    r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
  const lines = [`${r.method} ${r.target} ${r.version ?? 'HTTP/1.1'}`, `Host: ${host}`, 'Connection: close'];
  if (r.contentType !== undefined) lines.push(`Content-Type: ${r.contentType}`);
  if (body !== undefined && !r.noLength) lines.push(`Content-Length: ${body.length}`);
  for (const [k, v] of r.headers ?? []) lines.push(`${k}: ${v}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return body === undefined ? head : Buffer.concat([head, body]);
}

/** A small seeded generator (mulberry32): the same corpus on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD), where encodeURIComponent would throw. */
export function enc(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
export const form = (pairs: Array<[string, string]>) =>
  pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
export const FORM = 'application/x-www-form-urlencoded';

/** Values no field expects: empty, huge, control characters, markup, paths, numbers out of range. */
export const ODD_VALUES: Array<[string, string]> = [
  ['empty', ''],
  ['space', ' '],
  ['100 KB', 'x'.repeat(100_000)],
  ['NUL', '\u0000'],
  ['CRLF header injection', 'a\r\nSet-Cookie: evil=1'],
  ['markup', '<script>alert(1)</script>'],
  ['javascript URL', 'javascript:alert(1)'],
  ['path traversal', '../../../../etc/passwd'],
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
  ['negative', '-1'],
  ['huge number', '99999999999999999999999'],
  ['float overflow', '1e309'],
  ['NaN', 'NaN'],
  ['hex', '0x10'],
  ['astral characters', '\u{1d54f}'.repeat(2000)],
  ['lone surrogate', '\ud800'],
  ['JSON', '{"a":[1,2,{"b":null}]}'],
  ['loopback URL', 'http://127.0.0.1:9/x'],
  ['format string', '%s%s%s%n%x'],
  ['SQL', "' OR '1'='1"],
  ['right-to-left override', '\u202eevil'],
];

/** Percent-encodings that do not decode. */
export const BAD_PERCENT = ['%', '%Z', '%ZZ', '%E0%A4%A', '%C0%AF', '%FF%FE', '%ED%A0%80', '%%41'];

/** The request with one more header after its Host line (bytes elsewhere unchanged). */
export function withHeader(bytes: Buffer, name: string, value: string): Buffer {
  const eol = bytes.indexOf('\r\n');
  return Buffer.concat([
    bytes.subarray(0, eol + 2),
    Buffer.from(`${name}: ${value}\r\n`, 'latin1'),
    bytes.subarray(eol + 2),
  ]);
}
