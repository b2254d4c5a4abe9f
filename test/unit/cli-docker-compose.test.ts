import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { checkBaseUrl, checkTrustUrl, parsePortFlag } from '../../cli/sim/trust-peer.ts';

/*
 * docker-compose.yml cannot be started here (no Docker), so its wiring is checked as written: each
 * simulator advertises the address the host's browser reaches (its published port), and each IdP
 * and the SP trust each other by URLs that name a service of the file and the port it listens on.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, { command?: string[]; ports?: string[]; profiles?: string[] }>;
};

interface Sim {
  service: string;
  kind: string;
  port: number;
  baseUrl: string;
  trust: string[];
  published: string[];
}

function flags(command: string[], name: string): string[] {
  return command.flatMap((a, i) => (a === name ? [command[i + 1]] : []));
}

const sims: Sim[] = Object.entries(compose.services)
  .filter(([, s]) => s.command?.[0] === 'sim')
  .map(([service, s]) => {
    const c = s.command ?? [];
    const [port] = flags(c, '--port');
    const [baseUrl] = flags(c, '--base-url');
    assert.ok(port && baseUrl, `${service}: every simulator needs --port and --base-url`);
    return {
      service,
      kind: c[1],
      port: parsePortFlag('--port', port),
      baseUrl: checkBaseUrl('--base-url', baseUrl),
      trust: flags(c, '--trust').map(checkTrustUrl),
      published: s.ports ?? [],
    };
  });

test('docker-compose: every simulator advertises the address its published port gives the host', () => {
  assert.deepEqual(sims.map((s) => s.kind).sort(), ['idp', 'idp', 'idp', 'sp']);
  for (const s of sims) {
    const url = new URL(s.baseUrl);
    assert.equal(url.hostname, 'localhost', `${s.service}: a browser on the host reaches it at localhost`);
    assert.ok(
      s.published.includes(`${url.port}:${s.port}`),
      `${s.service}: --base-url port ${url.port} must be published to the container's --port ${s.port} (ports: ${s.published})`,
    );
  }
});

test('docker-compose: each IdP and the SP trust each other by service name and listening port', () => {
  const byService = new Map(sims.map((s) => [s.service, s]));
  const sp = sims.find((s) => s.kind === 'sp');
  assert.ok(sp);
  for (const s of sims) {
    for (const t of s.trust) {
      const url = new URL(t);
      const peer = byService.get(url.hostname);
      assert.ok(peer, `${s.service} --trust ${t}: no service named ${url.hostname}`);
      assert.equal(
        Number(url.port),
        peer.port,
        `${s.service} --trust ${t}: ${peer.service} listens on ${peer.port}`,
      );
      assert.notEqual(peer.kind, s.kind, `${s.service} --trust ${t}: an ${s.kind} trusts the other role`);
      assert.equal(url.pathname, '/metadata');
    }
  }
  for (const idp of sims.filter((s) => s.kind === 'idp')) {
    assert.ok(idp.trust.includes(`http://${sp.service}:${sp.port}/metadata`), `${idp.service} trusts the SP`);
    assert.ok(
      sp.trust.includes(`http://${idp.service}:${idp.port}/metadata`),
      `the SP trusts ${idp.service}`,
    );
  }
});
