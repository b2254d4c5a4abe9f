import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A simulator under the corpus, started as its own process so a crash is seen, not suffered. */
export interface Started {
  name: string;
  port: number;
  /** The JSON line its main.ts printed once listening (its admin info). */
  info: Record<string, string>;
  proc: ChildProcess;
  /** Resident memory of the process now, in bytes. */
  rss(): number;
  /** CPU time the process has used so far (user and system), in ms, at the kernel's 10 ms tick. */
  cpuMs(): number;
  /** Why it exited, once it has. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

export interface SimulatorRow {
  name: string;
  /** The entry point (prints its info JSON on one line when listening) and its arguments. */
  main: string;
  args: string[];
  /**
   * The simulator this one trusts once both are up, so that messages get past "unknown peer" to
   * the parts that read them. SAML: its metadata (which also seeds the hostile metadata). An RP:
   * the OP it is registered at and signs in with (oidc-genuine.ts).
   */
  trusts?: string;
}

/** Makes `self` trust `peer` through the admin API, as a suite would. */
export async function trustPeer(self: Started, peer: Started): Promise<string> {
  const metadata = await (await fetch(peer.info.metadataUrl)).text();
  const url = `${self.info.baseUrl}/__accord/peers`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/xml' },
    body: metadata,
  });
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
  return metadata;
}

/**
 * Every simulator the corpus attacks. A new simulator joins with a row here and its endpoints'
 * rows in endpoints.ts; the inputs follow from the endpoints' carriers.
 */
export const SIMULATORS: SimulatorRow[] = [
  {
    name: 'idp',
    main: 'simulators/idp/main.ts',
    args: ['--scenario', 'scenarios/ping.yaml', '--state', 'memory'],
    trusts: 'sp',
  },
  {
    name: 'sp',
    main: 'simulators/sp/main.ts',
    args: ['--state', 'memory'],
    trusts: 'idp',
  },
  {
    name: 'op',
    main: 'simulators/op/main.ts',
    // Entra ID's shape: the issuer below a tenant path, and the groups overage endpoint.
    args: ['--scenario', 'scenarios/entra-oidc.yaml', '--state', 'memory'],
  },
  {
    name: 'rp',
    // The RP keeps nothing across restarts: no --state.
    main: 'simulators/rp/main.ts',
    args: [],
    trusts: 'op',
  },
];

export function startSimulator(row: SimulatorRow, env: NodeJS.ProcessEnv): Promise<Started> {
  return new Promise((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      ['--import', 'tsx', join(ROOT, row.main), '--port', '0', ...row.args],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let exit: string | undefined;
    proc.stderr!.on('data', (d) => {
      stderr = (stderr + d).slice(-4000);
    });
    proc.once('exit', (code, signal) => {
      exit = `exited with ${signal ?? code}: ${stderr}`;
      reject(new Error(`${row.name}: ${exit}`));
    });
    createInterface({ input: proc.stdout! }).once('line', (line) => {
      const info = JSON.parse(line) as Record<string, string>;
      resolve({
        name: row.name,
        port: Number(new URL(info.baseUrl).port),
        info,
        proc,
        rss: () =>
          Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))?.[1]) * 1024,
        cpuMs: () => {
          // Fields 14 and 15 of /proc/PID/stat, after the command name (which may hold spaces).
          const stat = readFileSync(`/proc/${proc.pid}/stat`, 'utf8');
          const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          return (Number(fields[11]) + Number(fields[12])) * 10;
        },
        exited: () => exit,
        stop: () =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null || proc.signalCode !== null) return done();
            proc.once('exit', () => done());
            proc.kill('SIGTERM');
            setTimeout(() => proc.kill('SIGKILL'), 3000).unref();
          }),
      });
    });
  });
}
