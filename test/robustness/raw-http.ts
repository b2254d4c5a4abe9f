import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: string;
  body: string;
  ms: number;
}

/**
 * Sends the request bytes exactly as given (so malformed, duplicated or non-UTF-8 parts reach the
 * server unchanged, which fetch would refuse or normalise) and reads the answer until it is whole,
 * the server closes the connection, or `timeoutMs` passes. A socket that ends with nothing is status 0.
 */
export function rawRequest(port: number, bytes: Buffer, timeoutMs: number): Promise<RawAnswer> {
  const start = performance.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ ...parse(Buffer.concat(chunks)), ms: performance.now() - start });
    };
    // Written, not ended: a half-closed socket would make Node's server drop the answer it is preparing.
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let received = 0;
    let expected: number | undefined;
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      received += d.length;
      // Joined only until the head is known, and then checked by length: large answers stay linear.
      if (expected === undefined) {
        const whole = Buffer.concat(chunks);
        if (complete(whole)) return finish();
        expected = knownLength(whole);
      } else if (received >= expected) finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    const timer = setTimeout(finish, timeoutMs);
  });
}

/** The final answer's head and body; interim 1xx answers (100 Continue) before it are skipped. */
function split(buf: Buffer): { head: string; body: Buffer } | undefined {
  let rest = buf;
  for (;;) {
    const i = rest.indexOf('\r\n\r\n');
    if (i < 0) return undefined;
    const head = rest.subarray(0, i).toString('latin1');
    if (!/^HTTP\/1\.[01] 1\d\d /.test(head)) return { head, body: rest.subarray(i + 4) };
    rest = rest.subarray(i + 4);
  }
}

/** The answer's total size in bytes, once its head is in and it states a Content-Length. */
function knownLength(buf: Buffer): number | undefined {
  const parts = split(buf);
  if (!parts) return undefined;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(parts.head);
  return length ? buf.length - parts.body.length + Number(length[1]) : undefined;
}

/** A whole answer by its Content-Length or final chunk, so a kept-alive socket need not close. */
function complete(buf: Buffer): boolean {
  const parts = split(buf);
  if (!parts) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(parts.head);
  if (length) return parts.body.length >= Number(length[1]);
  if (/\r\ntransfer-encoding:\s*chunked/i.test(parts.head)) return parts.body.includes('\r\n0\r\n\r\n');
  return /^HTTP\/1\.1 (204|304) /.test(parts.head);
}

function parse(buf: Buffer): Omit<RawAnswer, 'ms'> {
  const parts = split(buf);
  if (!parts) return { status: 0, headers: '', body: buf.toString('utf8') };
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(parts.head)?.[1] ?? 0);
  let body = parts.body;
  if (/\r\ntransfer-encoding:\s*chunked/i.test(parts.head)) body = unchunk(body);
  return { status, headers: parts.head, body: body.toString('utf8') };
}

function unchunk(buf: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < buf.length) {
    const eol = buf.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = Number.parseInt(buf.subarray(i, eol).toString('latin1'), 16);
    if (!(size > 0)) break;
    out.push(buf.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}
