import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface XxeListener {
  /** Base URL; each attack appends its own token so a hit names the attack that caused it. */
  url: string;
  /** Paths requested under `<url>/<token>/`, in order. */
  hits(token: string): string[];
}

let started: Promise<XxeListener> | undefined;

/**
 * A loopback HTTP listener owned by the suite, one per worker: the URL external entities point at.
 * A target that resolves them calls it; a hardened one never does.
 */
export function xxeListener(): Promise<XxeListener> {
  started ??= new Promise((resolve, reject) => {
    const hits = new Map<string, string[]>();
    const server = createServer((req, res) => {
      const [token = '', ...rest] = (req.url ?? '/').replace(/^\/+/, '').split('/');
      hits.set(token, [...(hits.get(token) ?? []), `/${rest.join('/')}`]);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('accord-xxe');
    });
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, hits: (token) => [...(hits.get(token) ?? [])] });
    });
  });
  return started;
}
