import { type ChildProcess, spawn } from 'node:child_process';
import type { Socket } from 'node:net';

export interface ForegroundOptions {
  /** Names the process in errors: "shibd", "Shibboleth SP on port 8474: apache2". */
  name: string;
  bin: string;
  args: string[];
  /** Stops by itself after this many seconds; 0 = only when its owner process ends. */
  lifetimeSeconds?: number;
  /** Whether it serves yet; asked every 100 ms until it does. */
  ready(): Promise<boolean>;
  readyWithinSeconds: number;
  /** What did not happen in time, after the name: "did not answer on http://…". */
  notReady: string;
  /** The end of the process's own log, for failure messages. */
  logTail(): string;
}

export interface Foreground {
  pid: number;
  /** Settles when the process has ended, whoever ended it (stop(), the watchdog, a crash). */
  ended: Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A server run in the foreground as a child of this process, never a system service, until it
 * serves. It has a process group of its own (Apache's prefork signals its whole group on shutdown,
 * which must not include the owner). A watchdog ends it when the owner goes away, however it goes,
 * or after `lifetimeSeconds`: the watchdog lives in its own session, so a Ctrl-C aimed at the owner
 * does not take it first, and its stdin is a pipe from the owner, which closes when the owner ends.
 */
export async function startForeground(o: ForegroundOptions): Promise<Foreground> {
  const child: ChildProcess = spawn(o.bin, o.args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
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

  const deadline = Date.now() + o.readyWithinSeconds * 1000;
  for (;;) {
    if (exited !== undefined) {
      await stop();
      throw new Error(`${o.name} exited (${exited}) while starting:\n${stderr.trim()}\n${o.logTail()}`);
    }
    if (await o.ready()) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${o.name} ${o.notReady} within ${o.readyWithinSeconds} s:\n${o.logTail()}`);
    }
    await sleep(100);
  }
  return { pid, ended, stop };
}
