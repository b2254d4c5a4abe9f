/**
 * Starts a real third-party SSO peer in the foreground, for people:
 *
 *   node --import tsx interop/start.ts <peer> [--port N] [--lifetime SECONDS] [--keep]
 *
 * Peers: mellon, shibboleth-sp, simplesamlphp-idp, simplesamlphp-sp, openidc. Without --port each uses the default port
 * its shipped profile (targets/<peer>.yaml) names, so `accord run --target targets/<peer>.yaml`
 * finds it. Ctrl-C stops it; so does the end of this process, however it ends.
 */
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PEERS, peerKind } from './peers.ts';
import { writeRunProfile } from './shared/run-profile.ts';

const ROOT = resolve(import.meta.dirname, '..');

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      lifetime: { type: 'string' },
      keep: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const name = positionals[0];
  if (values.help || !name) {
    process.stdout.write(
      `usage: node --import tsx interop/start.ts <peer> [--port N] [--lifetime SECONDS] [--keep]\npeers: ${Object.keys(PEERS).join(', ')}\n`,
    );
    process.exit(name ? 0 : 64);
  }
  const kind = peerKind(name);
  const missing = kind.missing();
  if (missing.length > 0) {
    throw new Error(
      `${kind.title} needs Debian packages that are not installed: apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
  const port = values.port ? Number(values.port) : kind.defaultPort;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`--port: not a port: ${values.port}`);
  const lifetime = values.lifetime ? Number(values.lifetime) : 0;
  if (!Number.isInteger(lifetime) || lifetime < 0)
    throw new Error(`--lifetime: not a number of seconds: ${values.lifetime}`);
  const peer = await kind.start({
    port,
    lifetimeSeconds: lifetime,
    keepDir: values.keep,
  });
  // On another port than the shipped profile's, a copy of the profile with the real baseUrl.
  const profile =
    port === kind.defaultPort
      ? kind.profile
      : writeRunProfile(join(ROOT, kind.profile), peer.baseUrl, peer.dir);
  const facts = [
    ['entityID', peer.entityId],
    ['metadata', peer.metadataUrl],
    ['redirect URI', peer.redirectUri],
    ['folder', peer.dir],
  ].filter((f): f is [string, string] => f[1] !== undefined);
  process.stdout.write(
    `${kind.title} at ${peer.baseUrl}\n${facts.map(([k, v]) => `  ${k.padEnd(12)} ${v}\n`).join('')}` +
      `Run Accord against it: npx accord run --target ${profile}\nCtrl-C stops it.\n`,
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await peer.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const keepAlive = setInterval(() => {}, 1 << 30);
  await peer.ended;
  if (!stopping) {
    clearInterval(keepAlive);
    process.stdout.write(
      `${kind.title} has stopped${values.keep ? `; its logs are in ${peer.dir}/logs` : ''}.\n`,
    );
    await peer.stop();
  }
}

main().catch((e: Error) => {
  process.stderr.write(`interop/start: ${e.message}\n`);
  process.exit(1);
});
