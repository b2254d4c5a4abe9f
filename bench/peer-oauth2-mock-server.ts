import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../interop/shared/ports.ts';
import { startChild } from './child.ts';
import { codeFlow, discoverTarget } from './code-flow.ts';
import { type LoadResult, runLoop } from './load.ts';
import { BENCH_REDIRECT_URI, BENCH_SCOPE, FLOW_CONCURRENCY } from './op-simulator.ts';
import { processCpuSeconds } from './process-cpu.ts';

const DIR = resolve('bench/peers/oauth2-mock-server');
const PACKAGE = join(DIR, 'node_modules/oauth2-mock-server');

/** Installs the npm `oauth2-mock-server` peer on first use, into a folder of its own. */
function ensureOauth2MockServer(): { bin: string; version: string } {
  const bin = join(PACKAGE, 'dist/oauth2-mock-server.mjs');
  if (!existsSync(bin)) {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: DIR,
      stdio: 'inherit',
    });
  }
  const { version } = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { version: string };
  return { bin, version };
}

/**
 * The npm oauth2-mock-server, same method as the OP simulator: its authorize endpoint redirects
 * at once with a code (it has no sign-in), so no session is made; token and userinfo as it serves them.
 */
export async function benchOauth2MockServer(durationMs: number): Promise<LoadResult & { version: string }> {
  const { bin, version } = ensureOauth2MockServer();
  const port = await freePort();
  // It prints its generated key before it listens: wait for its discovery to answer.
  const child = await startChild(process.execPath, [bin, '-a', '127.0.0.1', '-p', String(port)], {
    cwd: DIR,
  });
  try {
    const issuer = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i++) {
      const up = await fetch(`${issuer}/.well-known/openid-configuration`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const target = await discoverTarget(issuer, {
      clientId: 'bench-rp',
      clientSecret: 'bench-rp-secret-of-at-least-thirty-two-bytes',
      redirectUri: BENCH_REDIRECT_URI,
      scope: BENCH_SCOPE,
    });
    const result = await runLoop({
      concurrency: FLOW_CONCURRENCY,
      warmupMs: 1500,
      durationMs,
      iterate: (agent) => codeFlow(agent, target, ''),
      serverCpu: () => processCpuSeconds(child.proc.pid!),
    });
    return { ...result, version };
  } finally {
    await child.stop();
  }
}
