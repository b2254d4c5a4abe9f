import { rmSync } from 'node:fs';
import { type ApacheOptions, type ApacheServer, startApache } from './apache.ts';
import { freePort } from './ports.ts';
import { registerPeer, unregisterPeer } from './registry.ts';
import { makeRunDir, type WorkerAccount, workerAccount } from './run-dir.ts';

export interface ApachePeerOptions {
  /** The peer's registry name, also the prefix of its run folder. */
  peer: string;
  /** Default: a free port, with two more tries on other free ports if Apache cannot take it. */
  port?: number;
  lifetimeSeconds?: number;
  /** Keep the run folder after stop(), for reading logs. */
  keepDir?: boolean;
  /** Writes the peer's files into its new run folder and says how Apache serves them. */
  prepare(
    dir: string,
    port: number,
    account: WorkerAccount,
  ): Pick<ApacheOptions, 'name' | 'modules' | 'site'>;
}

export interface ApachePeer {
  server: ApacheServer;
  dir: string;
  /** Stops the server, forgets it in the registry and removes its folder (unless keepDir). */
  stop(): Promise<void>;
}

/**
 * Apache httpd configured from scratch in a run folder of its own, registered so that other
 * processes of the run find it. A free port can be taken by someone else between the probe and
 * Apache's bind, so a start on a port not asked for is tried again, in a fresh folder.
 */
export async function startApachePeer(o: ApachePeerOptions): Promise<ApachePeer> {
  const account = workerAccount();
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < (o.port ? 1 : 3); attempt++) {
    const port = o.port ?? (await freePort());
    const dir = makeRunDir(o.peer);
    let server: ApacheServer;
    try {
      const served = o.prepare(dir, port, account);
      server = await startApache({ ...served, dir, port, account, lifetimeSeconds: o.lifetimeSeconds });
    } catch (e) {
      lastError = e as Error;
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    registerPeer({ peer: o.peer, baseUrl: server.baseUrl, dir, pid: server.pid });
    return {
      server,
      dir,
      async stop() {
        await server.stop();
        unregisterPeer(server.baseUrl, server.pid);
        if (!o.keepDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  throw lastError ?? new Error(`${o.peer} did not start`);
}
