import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Express } from 'express';
import { HTTP_LIMITS } from './http-limits.ts';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** The answer to a request Node refuses before Express sees it: the same explained 4xx on every simulator. */
function refusal(err: NodeJS.ErrnoException): string {
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
  const body = tooLarge
    ? `too-large: the request line and headers exceed ${HTTP_LIMITS.maxHeaderBytes} bytes (the limit, maxHeaderBytes)\n`
    : `bad-request: the request is not valid HTTP/1.1 (${err.code ?? 'malformed'})\n`;
  return `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/** How long a closing connection still reads (and drops) what the client sends. */
const LINGER_MS = 2000;

/**
 * Node closes a connection at the end of an answer that refused a request before reading all of
 * its body (413, or a handler that never reads it). Closed with unread bytes, the socket is reset,
 * and the client loses the answer explaining the refusal. Instead the answer is sent, the sending
 * side closed, and what the client still sends read and dropped for a moment (a lingering close,
 * as web servers do) before the socket goes.
 */
function lingerOnClose(socket: Socket): void {
  socket.destroySoon = function lingeringClose(this: Socket) {
    if (this.writable) this.end();
    if (this.destroyed) return;
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
    this.once('end', () => this.destroy());
  };
}

/**
 * Listens on loopback (port 0 = a free port) and surfaces EADDRINUSE instead of looking like
 * success. The header limit lets an HTTP-Redirect message reach the decoder's own cap, so that cap
 * names the problem. Idle keep-alive sockets stay open longer than clients keep theirs: a server
 * that closes one just as a client reuses it resets that client's request.
 */
export function listen(app: Express, port = 0, host = listenHost()): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer({ maxHeaderSize: HTTP_LIMITS.maxHeaderBytes }, app);
    server.keepAliveTimeout = HTTP_LIMITS.keepAliveTimeoutMs;
    // Node requires headersTimeout above keepAliveTimeout, or it may cut a reused socket's next request.
    server.headersTimeout = HTTP_LIMITS.keepAliveTimeoutMs + 1000;
    server.requestTimeout = HTTP_LIMITS.requestTimeoutMs;
    // Node's own 417 has no body; this one says which expectation it cannot meet.
    server.on('checkExpectation', (req, res) => {
      const body = `expectation-failed: only "Expect: 100-continue" is understood, not "${String(req.headers.expect).slice(0, 200)}"\n`;
      res.writeHead(417, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' }).end(body);
    });
    server.on('connection', lingerOnClose);
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      socket.end(refusal(err));
    });
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${addr.port}`,
        port: addr.port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** The address simulators listen on, and so the host of their URLs. */
export function listenHost(): string {
  return process.env.ACCORD_LISTEN_HOST ?? '127.0.0.1';
}
