import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IdpInfo, SpInfo, TestUser } from '../lib/admin/protocol.ts';
import { type Child, startChild, tsxArgs } from './child.ts';
import { Jar } from './cookie-jar.ts';
import { processCpuSeconds } from './process-cpu.ts';

/*
 * Complete SP-initiated logins over HTTP, no browser: the reference SP's /login, the IdP
 * simulator's SSO endpoint and sign-in form, the auto-posted Response to the SP's ACS, and the
 * signed-in page. Both simulators run as their own processes; the SP keeps its state in a file, so
 * it can be killed with SIGKILL under load and started again on it.
 */

interface Answer {
  status: number;
  location?: string;
  cookies: string[];
  body: string;
}

function request(agent: http.Agent, url: string, jar: Jar, form?: Record<string, string>): Promise<Answer> {
  const u = new URL(url);
  if (u.hostname !== '127.0.0.1') return Promise.reject(new Error(`refusing non-loopback ${u.host}`));
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      u,
      {
        method: form ? 'POST' : 'GET',
        agent,
        headers: {
          cookie: jar.header(),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const cookies = res.headers['set-cookie'] ?? [];
          jar.keep(cookies);
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location ? new URL(res.headers.location, url).toString() : undefined,
            cookies,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const isRedirect = (a: Answer) => a.status >= 301 && a.status <= 303;

const hidden = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1]?.replace(/&amp;/g, '&');

/** One login from /login to the signed-in page; throws naming the step that went wrong. */
async function login(agent: http.Agent, sp: SpInfo, user: TestUser): Promise<void> {
  const jar = new Jar();
  const start = await request(agent, sp.loginUrl, jar);
  if (!isRedirect(start) || !start.location) throw new Error(`SP /login answered ${start.status}`);
  const sso = await request(agent, start.location, jar);
  if (!isRedirect(sso) || !sso.location) throw new Error(`IdP SSO answered ${sso.status}`);
  const req = new URL(sso.location).searchParams.get('req') ?? '';
  const signIn = await request(agent, sso.location, jar, {
    username: user.username,
    password: user.password,
    req,
  });
  const samlResponse = hidden(signIn.body, 'SAMLResponse');
  const action = /<form method="post" action="([^"]*)"/.exec(signIn.body)?.[1]?.replace(/&amp;/g, '&');
  if (signIn.status !== 200 || !samlResponse || !action)
    throw new Error(`IdP sign-in answered ${signIn.status}`);
  const relayState = hidden(signIn.body, 'RelayState');
  const acs = await request(agent, action, jar, {
    SAMLResponse: samlResponse,
    ...(relayState ? { RelayState: relayState } : {}),
  });
  if (!isRedirect(acs) || !acs.location)
    throw new Error(`SP ACS answered ${acs.status}: ${acs.body.slice(0, 200)}`);
  const me = await request(agent, acs.location, jar);
  if (me.status !== 200 || !me.body.includes(user.email)) throw new Error(`SP /me answered ${me.status}`);
}

export interface LoginLoad {
  logins: number;
  errors: number;
  firstError?: string;
  seconds: number;
  p50ms: number;
  p95ms: number;
  /** CPU seconds of both simulators per login. */
  cpuMsPerLogin: number;
}

async function load(
  count: number,
  concurrency: number,
  sp: SpInfo,
  users: TestUser[],
  cpu: () => number,
  during?: (done: number) => Promise<void>,
): Promise<LoginLoad> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  let done = 0;
  const cpu0 = cpu();
  const t0 = performance.now();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const t = performance.now();
      try {
        await login(agent, sp, users[i % users.length]);
        latencies.push(performance.now() - t);
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
      done++;
      await during?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    logins: count,
    errors,
    firstError,
    seconds,
    p50ms: at(0.5),
    p95ms: at(0.95),
    cpuMsPerLogin: ((cpu() - cpu0) * 1000) / Math.max(1, latencies.length),
  };
}

export interface FaultResult {
  beforeKill: LoginLoad;
  /** Logins that failed while the SP was down, of those attempted then. */
  afterRestart: LoginLoad;
  stillTrusted: boolean;
  usersBefore: number;
  usersAfter: number;
  restartMs: number;
}

/** The login load, then a kill -9 of the SP under load and a restart on the same state file. */
export async function benchLogins(opts: { logins: number; concurrency: number }): Promise<{
  load: LoginLoad;
  fault: FaultResult;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-logins-'));
  const keys = join(dir, 'keys');
  const state = join(dir, 'sp.sqlite');
  const env = { ...process.env, ACCORD_KEYSTORE: keys };
  let idp: Child | undefined;
  let sp: Child | undefined;
  const startSp = (port: number) =>
    startChild(
      process.execPath,
      tsxArgs('simulators/sp/main.ts', ['--port', String(port), '--state', state, '--org', 'bench-org']),
      { env },
    );
  try {
    idp = await startChild(
      process.execPath,
      tsxArgs('simulators/idp/main.ts', [
        '--scenario',
        'scenarios/adfs.yaml',
        '--keystore',
        keys,
        '--state',
        'memory',
      ]),
      { env },
    );
    sp = await startSp(0);
    const idpInfo = JSON.parse(idp.firstLine) as IdpInfo;
    const spInfo = JSON.parse(sp.firstLine) as SpInfo;
    const post = async (url: string, body: string) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/xml' }, body });
      if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`);
    };
    await post(`${idpInfo.baseUrl}/__accord/peers`, await (await fetch(spInfo.metadataUrl)).text());
    await post(`${spInfo.baseUrl}/__accord/peers`, await (await fetch(idpInfo.metadataUrl)).text());
    const users = (await (await fetch(`${idpInfo.baseUrl}/__accord/test-users`)).json()) as TestUser[];
    const cpu = () => (processCpuSeconds(idp!.proc.pid!) ?? 0) + (processCpuSeconds(sp!.proc.pid!) ?? 0);

    const measured = await load(opts.logins, opts.concurrency, spInfo, users, cpu);

    const port = Number(new URL(spInfo.baseUrl).port);
    const countUsers = async () =>
      ((await (await fetch(`${spInfo.baseUrl}/__accord/users`)).json()) as unknown[]).length;
    const usersBefore = await countUsers();
    let restartMs = 0;
    let killed = false;
    const third = Math.floor(opts.logins / 3);
    const beforeKill = await load(third, opts.concurrency, spInfo, users, cpu, async (done) => {
      if (killed || done < third / 2) return;
      killed = true;
      sp!.proc.kill('SIGKILL');
      await new Promise((r) => sp!.proc.once('exit', r));
      const t = performance.now();
      sp = await startSp(port);
      restartMs = performance.now() - t;
    });
    const peers = (await (await fetch(`${spInfo.baseUrl}/__accord/peers`)).json()) as Array<{
      entityId: string;
    }>;
    const afterRestart = await load(third, opts.concurrency, spInfo, users, cpu);
    return {
      load: measured,
      fault: {
        beforeKill,
        afterRestart,
        stillTrusted: peers.some((p) => p.entityId === idpInfo.entityId),
        usersBefore,
        usersAfter: await countUsers(),
        restartMs,
      },
    };
  } finally {
    await sp?.stop();
    await idp?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
