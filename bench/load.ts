import http from 'node:http';

export interface LoadRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  ok: number;
  failed: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  /** CPU seconds the server used while measured, when the caller said how to read them. */
  serverCpuSeconds?: number;
  /** CPU seconds the load generator itself used while measuring (it shares the machine). */
  clientCpuSeconds: number;
  /** Accepted answers per CPU-second of the server: its throughput per core, whatever else ran. */
  perCpuSecond?: number;
  firstFailure?: string;
}

/** An answer as the load generator reads it: status, the headers a flow follows, the body. */
export interface LoadAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request over the given keep-alive agent; refuses anything off loopback. */
export function send(agent: http.Agent, req: LoadRequest): Promise<LoadAnswer> {
  return new Promise<LoadAnswer>((resolve, reject) => {
    const u = new URL(req.url);
    if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost')
      return reject(new Error(`refusing non-loopback ${u.host}`));
    const r = http.request(u, { method: req.method, headers: req.headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    r.on('error', reject);
    if (req.body) r.end(req.body);
    else r.end();
  });
}

/**
 * A closed-loop load generator over keep-alive connections: `concurrency` workers, each running
 * `iterate` again and again for a fixed time after a short warm-up. An iteration (one request, or
 * a whole flow of several) answers undefined when it counts, or says what went wrong. Loopback only.
 */
export async function runLoop(opts: {
  /** i counts iterations over all workers; worker is 0 … concurrency-1, for state of its own. */
  iterate: (agent: http.Agent, i: number, worker: number) => Promise<string | undefined>;
  concurrency: number;
  durationMs: number;
  warmupMs?: number;
  /** Reads the server's CPU seconds so far (processCpuSeconds). */
  serverCpu?: () => number | undefined;
}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  let i = 0;
  let ok = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const latencies: number[] = [];
  let measuring = false;
  let stop = false;
  const worker = async (_: unknown, w: number) => {
    while (!stop) {
      const t0 = performance.now();
      let failure: string | undefined;
      try {
        failure = await opts.iterate(agent, i++, w);
      } catch (e) {
        failure = (e as Error).message;
      }
      if (!measuring) continue;
      latencies.push(performance.now() - t0);
      if (failure === undefined) ok++;
      else {
        failed++;
        firstFailure ??= failure;
      }
    }
  };
  const workers = Array.from({ length: opts.concurrency }, worker);
  await new Promise((r) => setTimeout(r, opts.warmupMs ?? 500));
  measuring = true;
  const cpu0 = opts.serverCpu?.();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, opts.durationMs));
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = opts.serverCpu?.();
  const client = process.cpuUsage(client0);
  const clientCpuSeconds = (client.user + client.system) / 1e6;
  const serverCpuSeconds = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return {
    ok,
    failed,
    seconds,
    perSecond: ok / seconds,
    p50ms: pct(0.5),
    p99ms: pct(0.99),
    serverCpuSeconds,
    clientCpuSeconds,
    perCpuSecond: serverCpuSeconds ? ok / serverCpuSeconds : undefined,
    firstFailure,
  };
}

/** runLoop with one request per iteration, each answer checked by `accept`. */
export function runLoad(opts: {
  next: (i: number) => LoadRequest;
  accept: (status: number, body: string) => boolean;
  concurrency: number;
  durationMs: number;
  warmupMs?: number;
  serverCpu?: () => number | undefined;
}): Promise<LoadResult> {
  const { next, accept, ...rest } = opts;
  return runLoop({
    ...rest,
    iterate: async (agent, i) => {
      const res = await send(agent, next(i));
      return accept(res.status, res.body) ? undefined : `${res.status}: ${res.body.slice(0, 200)}`;
    },
  });
}
