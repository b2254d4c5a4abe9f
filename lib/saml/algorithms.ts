import { ALGORITHMS } from './namespaces.ts';

/*
 * The XML-DSig digest and signature algorithms Accord knows (RFC 6931), by URI, with what
 * node:crypto calls each and whether it is allowed. SHA-1 is a valid algorithm, which a verifier
 * can check, but saml2int and the seed's "SHA256 signing" refuse it. Each user derives what it
 * needs from this one table.
 */

interface XmlDsigAlgorithm {
  uri: string;
  use: 'digest' | 'signature';
  /** node:crypto's name: for createHash (a digest) or createSign and createVerify (a signature). */
  node: string;
  allowed: boolean;
}

const TABLE: readonly XmlDsigAlgorithm[] = [
  { uri: ALGORITHMS.sha1, use: 'digest', node: 'sha1', allowed: false },
  { uri: ALGORITHMS.sha256, use: 'digest', node: 'sha256', allowed: true },
  { uri: 'http://www.w3.org/2001/04/xmldsig-more#sha384', use: 'digest', node: 'sha384', allowed: true },
  { uri: 'http://www.w3.org/2001/04/xmlenc#sha512', use: 'digest', node: 'sha512', allowed: true },
  { uri: ALGORITHMS['rsa-sha1'], use: 'signature', node: 'RSA-SHA1', allowed: false },
  { uri: ALGORITHMS['rsa-sha256'], use: 'signature', node: 'RSA-SHA256', allowed: true },
  {
    uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
    use: 'signature',
    node: 'RSA-SHA384',
    allowed: true,
  },
  {
    uri: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
    use: 'signature',
    node: 'RSA-SHA512',
    allowed: true,
  },
];

function byUse(use: XmlDsigAlgorithm['use']): ReadonlyMap<string, string> {
  return new Map(TABLE.filter((a) => a.use === use).map((a) => [a.uri, a.node]));
}

function allowed(use: XmlDsigAlgorithm['use']): ReadonlySet<string> {
  return new Set(TABLE.filter((a) => a.use === use && a.allowed).map((a) => a.uri));
}

/** Digest URI → node:crypto hash name. */
export const DIGEST_HASHES = byUse('digest');
/** Signature URI → node:crypto sign/verify name. */
export const SIGNATURE_HASHES = byUse('signature');
/** The digests and signatures a relying party accepts: all but SHA-1. */
export const ALLOWED_DIGESTS = allowed('digest');
export const ALLOWED_SIGNATURES = allowed('signature');
