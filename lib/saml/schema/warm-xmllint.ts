import { Worker } from 'node:worker_threads';

export interface XmllintFile {
  fileName: string;
  contents: string;
}

export interface XmllintRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

let worker: Worker | undefined;
let seq = 0;
const waiting = new Map<number, (r: XmllintRun) => void>();

function start(): Worker {
  const w = new Worker(new URL('./xmllint-worker.cjs', import.meta.url));
  // The simulators and suites must exit when their work is done; an idle validator must not hold them.
  w.unref();
  w.on('message', (m: XmllintRun & { accord: true; id: number }) => {
    waiting.get(m.id)?.(m);
    waiting.delete(m.id);
  });
  const failAll = (why: string) => {
    worker = undefined;
    for (const [id, resolve] of waiting) {
      resolve({ exitCode: -1, stdout: '', stderr: why });
      waiting.delete(id);
    }
  };
  w.on('error', (e) => failAll(`xmllint worker failed: ${e.message}`));
  w.on('exit', (code) => failAll(`xmllint worker exited with ${code}`));
  return w;
}

/** Runs xmllint with the given arguments over in-memory files, in one warm worker. */
export function runXmllint(files: XmllintFile[], args: string[], maxPages = 4096): Promise<XmllintRun> {
  worker ??= start();
  const id = ++seq;
  const w = worker;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    w.ref();
    w.postMessage({ accord: true, id, files, args, maxPages });
  }).finally(() => {
    if (waiting.size === 0) w.unref();
  }) as Promise<XmllintRun>;
}
