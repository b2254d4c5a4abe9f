import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const SHIBD_BIN = '/usr/sbin/shibd';

export interface Shibd {
  pid: number;
  /** Settles when shibd has ended, whoever ended it. */
  ended: Promise<void>;
  stop(): Promise<void>;
}

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * shibd in the foreground with the run folder's configuration, never the system service. As with
 * Apache (interop/shared/apache.ts), a watchdog in its own session ends it when the owner process
 * goes away, however it goes, or after `lifetimeSeconds`.
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
  const child: ChildProcess = spawn(SHIBD_BIN, ['-F', '-f', '-c', o.configFile, '-p', o.pidFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  let exited: number | string | null | undefined;
  const ended = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal;
      resolve();
    }),
  );
  const pid = child.pid!;
  const lifetime = o.lifetimeSeconds ?? 0;
  const watchdog = spawn(
    '/bin/bash',
    [
      '-c',
      `trap '' INT TERM HUP; read ${lifetime > 0 ? `-t ${lifetime}` : ''} _; kill -TERM ${pid} 2>/dev/null; exit 0`,
    ],
    { detached: true, stdio: ['pipe', 'ignore', 'ignore'] },
  );
  watchdog.unref();
  (watchdog.stdin as unknown as Socket).unref();
  child.unref();

  const stop = async () => {
    if (exited === undefined) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await ended;
      clearTimeout(timer);
    }
    watchdog.stdin?.end();
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`shibd exited (${exited}) while starting:\n${stderr.trim()}\n${logTail()}`);
    }
    if (await listening(o.listenerPort)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`shibd did not listen on 127.0.0.1:${o.listenerPort} within 30 s:\n${logTail()}`);
    }
    await sleep(100);
  }
  return { pid, ended, stop };
}
