import { mkdtempSync, rmSync } from 'node:fs';
import type http from 'node:http';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpInfo } from '../lib/admin/oidc-protocol.ts';
import { OpClient } from '../lib/admin/op-client.ts';
import type { TestUser } from '../lib/admin/protocol.ts';
import { startChild, tsxArgs } from './child.ts';
import { authorizationRequest, type CodeFlowTarget, codeFlow, discoverTarget } from './code-flow.ts';
import { Jar } from './cookie-jar.ts';
import { type LoadResult, runLoop, send } from './load.ts';
import { processCpuSeconds } from './process-cpu.ts';

/** Concurrency of every code-flow measurement, the OP simulator's and its peer's. */
export const FLOW_CONCURRENCY = 8;
/** Nobody serves it: a flow stops where the OP sends the browser back to the client. */
export const BENCH_REDIRECT_URI = 'http://127.0.0.1:9/bench-rp/callback';
export const BENCH_SCOPE = 'openid profile email';

/**
 * Signs `user` in at the OP over HTTP, as a browser would (authorize, login form, resume), and
 * returns the cookies of the OP session it leaves: the timed flows authorize with them and are
 * answered at once. The code this sign-in ends with is never redeemed.
 */
async function signIn(agent: http.Agent, t: CodeFlowTarget, user: TestUser): Promise<string> {
  const jar = new Jar();
  let url = authorizationRequest(t).url;
  let form: Record<string, string> | undefined;
  for (let hop = 0; hop < 6; hop++) {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const res = await send(agent, {
      method: form ? 'POST' : 'GET',
      url,
      headers: {
        cookie: jar.header(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    });
    jar.keep(res.headers['set-cookie']);
    form = undefined;
    if (res.status === 200 && res.body.includes('name="password"')) {
      form = { username: user.username, password: user.password };
      continue;
    }
    const next = res.headers.location;
    if (!next || res.status < 300 || res.status > 303)
      throw new Error(
        `signing ${user.username} in: ${url} answered ${res.status}: ${res.body.slice(0, 200)}`,
      );
    if (next.startsWith(t.redirectUri)) return jar.header();
    url = new URL(next, url).href;
  }
  throw new Error(`signing ${user.username} in took more than 6 steps`);
}

/**
 * Complete code flows per second against the OP simulator in a process of its own: sessions are
 * made first, one per worker, outside the timed window; then each worker authorizes with its
 * session, redeems the code and calls userinfo, again and again.
 */
export async function benchOpSimulator(durationMs: number): Promise<LoadResult> {
  const keystore = mkdtempSync(join(tmpdir(), 'accord-bench-op-keys-'));
  const child = await startChild(
    process.execPath,
    (process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : []).concat(
      tsxArgs('simulators/op/main.ts', [
        '--scenario',
        'scenarios/generic-oidc.yaml',
        '--keystore',
        keystore,
        '--state',
        'memory',
      ]),
    ),
  );
  try {
    const info = JSON.parse(child.firstLine) as OpInfo;
    const admin = new OpClient(info.baseUrl);
    const client = {
      clientId: 'bench-rp',
      clientSecret: 'bench-rp-secret-of-at-least-thirty-two-bytes',
      redirectUri: BENCH_REDIRECT_URI,
      scope: BENCH_SCOPE,
    };
    await admin.registerClient({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      tokenEndpointAuthMethod: 'client_secret_basic',
      redirectUris: [BENCH_REDIRECT_URI],
    });
    const target = await discoverTarget(info.issuer, client);
    const users = await admin.testUsers();
    const agent = new Agent({ keepAlive: true });
    const sessions: string[] = [];
    for (let w = 0; w < FLOW_CONCURRENCY; w++)
      sessions.push(await signIn(agent, target, users[w % users.length]));
    agent.destroy();
    return await runLoop({
      concurrency: FLOW_CONCURRENCY,
      warmupMs: 1500,
      durationMs,
      iterate: (a, _i, w) => codeFlow(a, target, sessions[w]),
      serverCpu: () => processCpuSeconds(child.proc.pid!),
    });
  } finally {
    await child.stop();
    rmSync(keystore, { recursive: true, force: true });
  }
}
