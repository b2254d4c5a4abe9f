import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { RunningServer } from './listen.ts';

/** Large enough for an HTTP-Redirect message up to the decoder's own cap, so that cap names the problem. */
const MAX_HEADER_BYTES = 1024 * 1024;

/**
 * Like listen.ts, with a larger header limit and a readable answer to requests Node
 * refuses before Express sees them (oversized or malformed request line and headers).
 */
export function serve(
  app: Express,
  port = 0,
  host = process.env.ACCORD_LISTEN_HOST ?? '127.0.0.1',
): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, app);
    server.keepAliveTimeout = 5000;
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
      const status = tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request';
      const body = tooLarge
        ? `too-large: the request line and headers exceed ${MAX_HEADER_BYTES} bytes\n`
        : `bad-request: ${err.code ?? 'malformed HTTP request'}\n`;
      socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
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
