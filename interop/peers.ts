import type { RoleOf, SamlRole } from '../lib/protocol/roles.ts';
import type { RolloverStep } from '../lib/target/types.ts';
import {
  LEMONLDAP_DEFAULT_PORT,
  LEMONLDAP_PACKAGES,
  LEMONLDAP_PEER,
  lemonldapMissing,
  startLemonldap,
} from './lemonldap/start-lemonldap.ts';
import {
  MELLON_DEFAULT_PORT,
  MELLON_PACKAGES,
  MELLON_PEER,
  mellonMissing,
  startMellon,
} from './mellon/start-mellon.ts';
import { trustIdpInMellon } from './mellon/trust-idp.ts';
import type { OpenidcProvider } from './openidc/provider-files.ts';
import {
  OPENIDC_DEFAULT_PORT,
  OPENIDC_PACKAGES,
  OPENIDC_PEER,
  openidcMissing,
  startOpenidc,
} from './openidc/start-openidc.ts';
import { trustOpInOpenidc } from './openidc/trust-op.ts';
import {
  SHIBBOLETH_DEFAULT_PORT,
  SHIBBOLETH_PACKAGES,
  SHIBBOLETH_PEER,
  shibbolethMissing,
  startShibboleth,
} from './shibboleth/start-shibboleth.ts';
import { trustIdpInShibboleth } from './shibboleth/trust-idp.ts';
import { rollSimpleSamlPhpKey } from './simplesamlphp/roll-key.ts';
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
  /** SAML peers: where their metadata is, and their entityID. */
  metadataUrl?: string;
  entityId?: string;
  /** OIDC relying parties: the redirect URI they are registered with. */
  redirectUri?: string;
  dir: string;
  /** Settles when the server has ended, whoever ended it. */
  ended: Promise<void>;
  stop(): Promise<void>;
}

/** One real third-party SSO implementation, as Accord meets it. */
interface PeerKindBase {
  name: string;
  title: string;
  /** The shipped target profile, relative to the package root. */
  profile: string;
  /** Debian packages it needs. */
  packages: string[];
  defaultPort: number;
  /** Debian packages that are not installed (empty when the peer can run). */
  missing(): string[];
  start(opts?: StartOptions): Promise<RunningPeer>;
  /** Makes the running peer at baseUrl take one step of its own key rollover (interop/rollover.ts). */
  rollover?(baseUrl: string, step: RolloverStep): Promise<string>;
}

/** What the peer plays is the target's role in Accord; trust takes what its protocol exchanges. */
export interface SamlPeerKind extends PeerKindBase {
  protocol: 'saml2';
  role: SamlRole;
  /** Makes the running peer at baseUrl trust the counterpart described by metadataXml. */
  trust(baseUrl: string, metadataXml: string): Promise<string>;
}

export interface OidcPeerKind extends PeerKindBase {
  protocol: 'oidc';
  role: RoleOf<'oidc'>;
  /** Makes the running peer at baseUrl sign in with the OP at op.discoveryUrl, as op.clientId. */
  trust(baseUrl: string, op: OpenidcProvider): Promise<string>;
}

export type PeerKind = SamlPeerKind | OidcPeerKind;

function ssp(role: SspRole): SamlPeerKind {
  return {
    protocol: 'saml2',
    name: SSP_PEER[role],
    title: `SimpleSAMLphp ${role === 'idp' ? 'IdP' : 'SP'}`,
    role,
    profile: `targets/${SSP_PEER[role]}.yaml`,
    packages: SSP_PACKAGES,
    defaultPort: SSP_DEFAULT_PORT[role],
    missing: simpleSamlPhpMissing,
    start: (opts) => startSimpleSamlPhp(role, opts),
    trust: (baseUrl, xml) => trustPeerInSimpleSamlPhp(role, baseUrl, xml),
    rollover: async (baseUrl, step) => rollSimpleSamlPhpKey(role, baseUrl, step),
  };
}

export const PEERS: Record<string, PeerKind> = {
  [MELLON_PEER]: {
    protocol: 'saml2',
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
  [SHIBBOLETH_PEER]: {
    protocol: 'saml2',
    name: SHIBBOLETH_PEER,
    title: 'Apache httpd + Shibboleth SP',
    role: 'sp',
    profile: 'targets/shibboleth-sp.yaml',
    packages: SHIBBOLETH_PACKAGES,
    defaultPort: SHIBBOLETH_DEFAULT_PORT,
    missing: shibbolethMissing,
    start: startShibboleth,
    trust: trustIdpInShibboleth,
  },
  [SSP_PEER.idp]: ssp('idp'),
  [SSP_PEER.sp]: ssp('sp'),
  [OPENIDC_PEER]: {
    protocol: 'oidc',
    name: OPENIDC_PEER,
    title: 'Apache httpd + mod_auth_openidc RP',
    role: 'rp',
    profile: 'targets/mod-auth-openidc.yaml',
    packages: OPENIDC_PACKAGES,
    defaultPort: OPENIDC_DEFAULT_PORT,
    missing: openidcMissing,
    start: startOpenidc,
    trust: trustOpInOpenidc,
  },
  [LEMONLDAP_PEER]: {
    protocol: 'oidc',
    name: LEMONLDAP_PEER,
    title: 'LemonLDAP::NG portal as OpenID Provider',
    role: 'op',
    profile: 'targets/lemonldap-op.yaml',
    packages: LEMONLDAP_PACKAGES,
    defaultPort: LEMONLDAP_DEFAULT_PORT,
    missing: lemonldapMissing,
    start: startLemonldap,
    // The OP is not handed an OP: Accord's clients are in the configuration it starts with.
    trust: async () => "LemonLDAP::NG registers Accord's clients in the configuration it is started with",
  },
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
