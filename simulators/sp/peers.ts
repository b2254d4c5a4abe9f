import { SamlInputError } from '../../lib/saml/errors.ts';
import { type Endpoint, parseMetadata, pickEndpoint } from '../../lib/saml/metadata/parse-metadata.ts';
import { PeerStore } from '../../lib/state/peer-store.ts';
import type { StateDb } from '../../lib/state/state-db.ts';

export interface TrustedIdp {
  entityId: string;
  signingCerts: string[];
  ssoServices: Endpoint[];
  sloServices: Endpoint[];
  nameIdFormats: string[];
  wantAuthnRequestsSigned: boolean;
  metadataSigned: boolean;
  addedAt: string;
  /** Signing certificates earlier metadata of this IdP listed and the latest no longer does (a rollover). */
  replacedSigningCerts?: string[];
}

/**
 * The IdPs this SP trusts, by entityID. Uploading metadata for a known entityID replaces it, the way
 * Control Hub's "Upload IdP metadata" renews an IdP certificate. Seed: metadata "signed by a Public
 * Root CA" or "self-signed ... or doesn't provide a signature" are both accepted (the latter "less
 * secure"), so an unsigned metadata file is trusted as uploaded.
 */
export class IdpPeers {
  private readonly store: PeerStore<TrustedIdp>;

  constructor(
    db: StateDb,
    orgId: string,
    private readonly now: () => Date,
  ) {
    this.store = new PeerStore<TrustedIdp>(db, `sp:${orgId}`);
  }

  /**
   * Trusts the IdP the metadata describes, in the state database; throws SamlInputError naming
   * what is missing, or PeerLimitError when the SP trusts as many IdPs as it may.
   */
  add(xml: string): TrustedIdp {
    const md = parseMetadata(xml, 'IdP metadata');
    if (!md.idp) {
      throw new SamlInputError(
        'wrong-root',
        `metadata for ${md.entityId} has no IDPSSODescriptor (it describes an SP)`,
      );
    }
    const sso = md.idp.ssoServices.filter((e) => pickable(e));
    if (sso.length === 0) {
      throw new SamlInputError(
        'wrong-root',
        `IdP ${md.entityId} has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding`,
      );
    }
    if (md.idp.certs.signing.length === 0) {
      throw new SamlInputError('wrong-root', `IdP ${md.entityId} publishes no signing certificate`);
    }
    const idp: TrustedIdp = {
      entityId: md.entityId,
      signingCerts: md.idp.certs.signing,
      ssoServices: md.idp.ssoServices,
      sloServices: md.idp.sloServices,
      nameIdFormats: md.idp.nameIdFormats,
      wantAuthnRequestsSigned: md.idp.wantAuthnRequestsSigned,
      metadataSigned: md.signed,
      addedAt: this.now().toISOString(),
    };
    const before = this.store.get(idp.entityId);
    if (before) {
      const gone = [...before.signingCerts, ...(before.replacedSigningCerts ?? [])];
      idp.replacedSigningCerts = [...new Set(gone)].filter((c) => !idp.signingCerts.includes(c));
    }
    this.store.put(idp.entityId, idp);
    return idp;
  }

  get(entityId: string | undefined): TrustedIdp | undefined {
    return entityId === undefined ? undefined : this.store.get(entityId);
  }

  /** The named IdP, else the only (or first trusted) one; routing rules come later. */
  pick(entityId?: string): TrustedIdp | undefined {
    if (entityId) return this.store.get(entityId);
    return this.store.first();
  }

  list(): TrustedIdp[] {
    return this.store.list();
  }

  /** Stops trusting the IdP; false when it was not trusted. */
  remove(entityId: string): boolean {
    return this.store.delete(entityId);
  }
}

function pickable(e: Endpoint): boolean {
  return e.location !== '' && (e.binding.endsWith(':HTTP-Redirect') || e.binding.endsWith(':HTTP-POST'));
}

export function ssoEndpoint(idp: TrustedIdp, binding: 'redirect' | 'post'): Endpoint | undefined {
  return pickEndpoint(idp.ssoServices, binding);
}

export function sloEndpoint(
  idp: TrustedIdp,
): { endpoint: Endpoint; binding: 'redirect' | 'post' } | undefined {
  const redirect = pickEndpoint(idp.sloServices, 'redirect');
  if (redirect) return { endpoint: redirect, binding: 'redirect' };
  const post = pickEndpoint(idp.sloServices, 'post');
  return post ? { endpoint: post, binding: 'post' } : undefined;
}
