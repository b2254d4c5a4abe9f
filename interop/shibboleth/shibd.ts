import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';
import { type Foreground, startForeground } from '../shared/foreground.ts';

const run = promisify(execFile);

export const SHIBD_BIN = '/usr/sbin/shibd';

export type Shibd = Foreground;

export interface ShibdOptions {
  configFile: string;
  pidFile: string;
  listenerPort: number;
  /** shibd's own log, shown when it fails to start. */
  logFile: string;
  /** Stops by itself after this many seconds; 0 = only when its owner process ends. */
  lifetimeSeconds?: number;
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
    socket.setTimeout(1000, () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/**
 * shibd in the foreground with the run folder's configuration, never the system service; like
 * Apache, it ends with its owner or after `lifetimeSeconds` (interop/shared/foreground.ts).
 */
export async function startShibd(o: ShibdOptions): Promise<Shibd> {
  const logTail = () =>
    existsSync(o.logFile) ? readFileSync(o.logFile, 'utf8').trimEnd().split('\n').slice(-30).join('\n') : '';
  try {
    await run(SHIBD_BIN, ['-t', '-c', o.configFile]);
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `shibd rejects ${o.configFile}: ${`${err.stdout ?? ''}${err.stderr ?? ''}`.trim() || err.message}\n${logTail()}`,
    );
  }
  return startForeground({
    name: 'shibd',
    bin: SHIBD_BIN,
    args: ['-F', '-f', '-c', o.configFile, '-p', o.pidFile],
    lifetimeSeconds: o.lifetimeSeconds,
    ready: () => listening(o.listenerPort),
    readyWithinSeconds: 30,
    notReady: `did not listen on 127.0.0.1:${o.listenerPort}`,
    logTail,
  });
}
