import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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

/**
 * Listens on loopback (port 0 = a free port) and surfaces EADDRINUSE instead of looking like
 * success. The header limit lets an HTTP-Redirect message reach the decoder's own cap, so that cap
 * names the problem. Idle keep-alive sockets stay open longer than clients keep theirs: a server
 * that closes one just as a client reuses it resets that client's request.
 */
export function listen(
  app: Express,
  port = 0,
  host = process.env.ACCORD_LISTEN_HOST ?? '127.0.0.1',
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer({ maxHeaderSize: HTTP_LIMITS.maxHeaderBytes }, app);
    server.keepAliveTimeout = HTTP_LIMITS.keepAliveTimeoutMs;
    // Node requires headersTimeout above keepAliveTimeout, or it may cut a reused socket's next request.
    server.headersTimeout = HTTP_LIMITS.keepAliveTimeoutMs + 1000;
    server.requestTimeout = HTTP_LIMITS.requestTimeoutMs;
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
