import type { SamlRole } from '../lib/protocol/roles.ts';
import {
  MELLON_DEFAULT_PORT,
  MELLON_PACKAGES,
  MELLON_PEER,
  mellonMissing,
  startMellon,
} from './mellon/start-mellon.ts';
import { trustIdpInMellon } from './mellon/trust-idp.ts';
import {
  SSP_DEFAULT_PORT,
  SSP_PACKAGES,
  SSP_PEER,
  type SspRole,
  simpleSamlPhpMissing,
  startSimpleSamlPhp,
} from './simplesamlphp/start-simplesamlphp.ts';
import { trustPeerInSimpleSamlPhp } from './simplesamlphp/trust-peer.ts';

export interface StartOptions {
  port?: number;
  lifetimeSeconds?: number;
  keepDir?: boolean;
}

export interface RunningPeer {
  peer: string;
  baseUrl: string;
  metadataUrl: string;
  entityId: string;
  dir: string;
  /** Settles when the server has ended, whoever ended it. */
  ended: Promise<void>;
  stop(): Promise<void>;
}

/** One real third-party SAML implementation, as Accord meets it. */
export interface PeerKind {
  name: string;
  title: string;
  /** What the peer plays, i.e. the target's role in Accord. */
  role: SamlRole;
  /** The shipped target profile, relative to the package root. */
  profile: string;
  /** Debian packages it needs. */
  packages: string[];
  defaultPort: number;
  /** Debian packages that are not installed (empty when the peer can run). */
  missing(): string[];
  start(opts?: StartOptions): Promise<RunningPeer>;
  /** Makes the running peer at baseUrl trust the counterpart described by metadataXml. */
  trust(baseUrl: string, metadataXml: string): Promise<string>;
}

function ssp(role: SspRole): PeerKind {
  return {
    name: SSP_PEER[role],
    title: `SimpleSAMLphp ${role === 'idp' ? 'IdP' : 'SP'}`,
    role,
    profile: `targets/${SSP_PEER[role]}.yaml`,
    packages: SSP_PACKAGES,
    defaultPort: SSP_DEFAULT_PORT[role],
    missing: simpleSamlPhpMissing,
    start: (opts) => startSimpleSamlPhp(role, opts),
    trust: (baseUrl, xml) => trustPeerInSimpleSamlPhp(role, baseUrl, xml),
  };
}

export const PEERS: Record<string, PeerKind> = {
  [MELLON_PEER]: {
    name: MELLON_PEER,
    title: 'Apache httpd + mod_auth_mellon SP',
    role: 'sp',
    profile: 'targets/mellon.yaml',
    packages: MELLON_PACKAGES,
    defaultPort: MELLON_DEFAULT_PORT,
    missing: mellonMissing,
    start: startMellon,
    trust: trustIdpInMellon,
  },
  [SSP_PEER.idp]: ssp('idp'),
  [SSP_PEER.sp]: ssp('sp'),
};

export function peerKind(name: string): PeerKind {
  const kind = PEERS[name];
  if (!kind) throw new Error(`unknown peer "${name}" (known: ${Object.keys(PEERS).join(', ')})`);
  return kind;
}

/** Every Debian package any peer needs, for CI. */
export function allPeerPackages(): string[] {
  return [...new Set(Object.values(PEERS).flatMap((p) => p.packages))].sort();
}
