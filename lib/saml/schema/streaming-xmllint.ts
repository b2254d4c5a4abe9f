import { MessageChannel, Worker } from 'node:worker_threads';

export interface XmllintFile {
  fileName: string;
  contents: string;
}

/** What xmllint printed about one document, with the file name it called it by. */
export interface XmllintReport {
  name: string;
  lines: string[];
}

export interface StreamingXmllintOptions {
  schema: XmllintFile;
  /** Files the schema imports, by the names it imports them with. */
  preload: XmllintFile[];
  /** Upper bound of the wasm memory, in 64 KiB pages. */
  maxPages: number;
  /** Documents per xmllint run; each run compiles the schemas once. */
  docsPerRun?: number;
}

/**
 * xmllint (wasm) in one worker, validating against one schema: documents go to a run that stays
 * open between them (xmllint-stream-worker.cjs), each answered as soon as it is validated.
 */
export class StreamingXmllint {
  private worker?: Worker;
  private channel?: MessageChannel;
  private signal?: Int32Array;
  private seq = 0;
  private readonly waiting = new Map<number, (r: XmllintReport) => void>();

  constructor(private readonly opts: StreamingXmllintOptions) {}

  validate(contents: string): Promise<XmllintReport> {
    const w = this.worker ?? this.start();
    const id = ++this.seq;
    return new Promise<XmllintReport>((resolve) => {
      this.waiting.set(id, resolve);
      w.ref();
      this.channel!.port1.postMessage({ id, contents });
      Atomics.add(this.signal!, 0, 1);
      Atomics.notify(this.signal!, 0);
    });
  }

  private start(): Worker {
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const channel = new MessageChannel();
    const w = new Worker(new URL('./xmllint-stream-worker.cjs', import.meta.url), {
      workerData: {
        docs: channel.port2,
        signal,
        schema: this.opts.schema,
        preload: this.opts.preload,
        maxPages: this.opts.maxPages,
        docsPerRun: this.opts.docsPerRun ?? 512,
      },
      transferList: [channel.port2],
    });
    // The simulators and suites must exit when their work is done; an idle validator must not hold them.
    w.unref();
    channel.port1.unref();
    w.on('message', (m: { id: number; name: string; lines: string[] }) => {
      const resolve = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) w.unref();
      resolve?.({ name: m.name, lines: m.lines });
    });
    const failAll = (why: string) => {
      if (this.worker !== w) return;
      this.worker = undefined;
      channel.port1.close();
      for (const [id, resolve] of this.waiting) {
        this.waiting.delete(id);
        resolve({ name: '', lines: [why] });
      }
    };
    w.on('error', (e) => failAll(`xmllint worker failed: ${e.message}`));
    w.on('exit', (code) => failAll(`xmllint worker exited with ${code}`));
    this.worker = w;
    this.channel = channel;
    this.signal = signal;
    return w;
  }
}
