import { chownSync, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { issueSelfSignedCertificate } from '../../lib/pki/index.ts';
import type { RolloverStep } from '../../lib/target/types.ts';
import { findPeer } from '../shared/registry.ts';
import { authsources, hostedIdp, KEY_FILES, SSP_PEER, type SspRole } from './start-simplesamlphp.ts';

/**
 * SimpleSAMLphp's own key rollover (modules/saml/docs/keyrollover.md), as an operator does it on
 * the running peer at `baseUrl`: `publish` generates a next key pair and adds it as `new_privatekey`
 * and `new_certificate` (the entity lists both certificates and still signs with the old key);
 * `switch` makes it the key, the new_ options gone (the documented second step: the old key leaves
 * the metadata with it); `retire` deletes the old key's files, which nothing reads any more.
 * SimpleSAMLphp reads its configuration and keys on every request, so no restart is needed.
 */
export function rollSimpleSamlPhpKey(role: SspRole, baseUrl: string, step: RolloverStep): string {
  const peer = findPeer(baseUrl, SSP_PEER[role]);
  const cert = join(peer.dir, 'cert');
  const path = (which: 'current' | 'next' | 'retired') => {
    const f = KEY_FILES(role, which);
    return { key: join(cert, f.key), crt: join(cert, f.crt) };
  };
  // The worker account PHP runs as owns the keys it reads.
  const owner = statSync(path('current').key);
  const write = (file: string, body: string, mode = 0o644) => {
    writeFileSync(file, body, { mode });
    if (process.getuid?.() === 0) chownSync(file, owner.uid, owner.gid);
  };
  const configure = (next: boolean) =>
    role === 'idp'
      ? write(join(peer.dir, 'config', 'metadata', 'saml20-idp-hosted.php'), hostedIdp(next))
      : write(join(peer.dir, 'config', 'authsources.php'), authsources(role, next));
  const what = `SimpleSAMLphp ${role} at ${peer.baseUrl}`;
  switch (step) {
    case 'publish': {
      if (existsSync(path('next').key)) throw new Error(`${what} has a next key published already`);
      const { keyPem, certPem } = issueSelfSignedCertificate({
        commonName: `accord-${peer.peer}-next-${new URL(baseUrl).port}`,
        organization: 'Accord interop',
      });
      write(path('next').key, keyPem, 0o600);
      write(path('next').crt, certPem);
      configure(true);
      return `${what} publishes a next key beside its current one (new_privatekey, new_certificate)`;
    }
    case 'switch': {
      if (!existsSync(path('next').key))
        throw new Error(`${what} has no next key to switch to (publish first)`);
      for (const ext of ['key', 'crt'] as const) {
        renameSync(path('current')[ext], path('retired')[ext]);
        renameSync(path('next')[ext], path('current')[ext]);
      }
      configure(false);
      return `${what} uses its new key; the old one left its metadata`;
    }
    case 'retire': {
      if (!existsSync(path('retired').key))
        throw new Error(`${what} has no old key to retire (switch first)`);
      for (const ext of ['key', 'crt'] as const) rmSync(path('retired')[ext]);
      return `${what} deleted its old key`;
    }
  }
}
