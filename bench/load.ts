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

/**
 * A closed-loop load generator over keep-alive connections: `concurrency` requests in flight,
 * each answer checked by `accept`, for a fixed time after a short warm-up. Loopback only.
 */
export async function runLoad(opts: {
  next: (i: number) => LoadRequest;
  accept: (status: number, body: string) => boolean;
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
  const one = (req: LoadRequest) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const u = new URL(req.url);
      if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost')
        reject(new Error(`refusing non-loopback ${u.host}`));
      const r = http.request(u, { method: req.method, headers: req.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      });
      r.on('error', reject);
      if (req.body) r.end(req.body);
      else r.end();
    });
  const worker = async () => {
    while (!stop) {
      const req = opts.next(i++);
      const t0 = performance.now();
      try {
        const res = await one(req);
        const good = opts.accept(res.status, res.body);
        if (measuring) {
          latencies.push(performance.now() - t0);
          if (good) ok++;
          else {
            failed++;
            firstFailure ??= `${res.status}: ${res.body.slice(0, 200)}`;
          }
        }
      } catch (e) {
        if (measuring) {
          failed++;
          firstFailure ??= (e as Error).message;
        }
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
