import type { Element } from '@xmldom/xmldom';
import { decodePostMessage, decodeRedirectMessage, verifyRedirectSignature } from '../bindings.ts';
import { SamlInputError } from '../errors.ts';
import { NS } from '../namespaces.ts';
import { expectRoot, firstChild, parseUntrustedXml } from '../safe-xml.ts';
import { verifyEnvelopedSignatures } from '../verify-xml-signature.ts';

export interface AuthnRequestSignature {
  present: boolean;
  valid: boolean;
  algorithm?: string;
  detail: string;
}

export interface ParsedAuthnRequest {
  id: string;
  version: string;
  issueInstant: string;
  destination?: string;
  /** Optional in SAML core 3.4.1, but without it the sender cannot be told apart. */
  issuer?: string;
  acsUrl?: string;
  acsIndex?: number;
  protocolBinding?: string;
  nameIdPolicyFormat?: string;
  forceAuthn?: boolean;
  isPassive?: boolean;
  relayState?: string;
  signature: AuthnRequestSignature;
  binding: 'HTTP-Redirect' | 'HTTP-POST';
  /** The message as it travelled: the raw query (Redirect) or the SAMLRequest field (POST). */
  raw: string;
  xml: string;
}

/** What the AuthnRequest rules judge: the request's attributes as sent, and the verdict on its signature. */
export type JudgedAuthnRequest = Pick<
  ParsedAuthnRequest,
  'id' | 'version' | 'issueInstant' | 'issuer' | 'destination' | 'acsUrl' | 'acsIndex' | 'protocolBinding'
> & { signature: AuthnRequestSignature };

/** Certificates to verify with: a list, or a lookup by the request's Issuer (SP metadata). */
export type TrustedCerts = string[] | ((issuer: string | undefined) => string[]);

export type AuthnRequestInput =
  | { binding: 'HTTP-Redirect'; rawQuery: string }
  | { binding: 'HTTP-POST'; samlRequest: string | undefined; relayState?: string };

/**
 * The value of one parameter of a raw query string, URL-decoded but with '+' kept (base64 uses
 * it; form decoding would turn it into a space). A parameter given twice is refused: which copy
 * was signed would be ambiguous.
 */
export function rawQueryParam(rawQuery: string, name: string): string | undefined {
  const found = rawQuery
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p.startsWith(`${name}=`));
  if (found.length > 1)
    throw new SamlInputError('wrong-binding', `${name} appears ${found.length} times in the query`);
  if (found.length === 0) return undefined;
  const value = found[0].slice(name.length + 1);
  try {
    return decodeURIComponent(value);
  } catch {
    throw new SamlInputError('bad-base64', `${name} is not validly URL-encoded`);
  }
}

/** RelayState is ordinary form data: '+' means space. */
function relayStateFromQuery(rawQuery: string): string | undefined {
  rawQueryParam(rawQuery, 'RelayState');
  return new URLSearchParams(rawQuery.replace(/^\?/, '')).get('RelayState') ?? undefined;
}

/**
 * The attributes the rules judge, read as sent and refused nowhere: a Destination or
 * AssertionConsumerServiceURL given empty stays empty, which is not the same as absent.
 */
function readJudged(root: Element): Omit<JudgedAuthnRequest, 'signature'> {
  const given = (name: string) => (root.hasAttribute(name) ? (root.getAttribute(name) ?? '') : undefined);
  const acsIndexAttr = root.getAttribute('AssertionConsumerServiceIndex');
  return {
    id: root.getAttribute('ID') ?? '',
    version: root.getAttribute('Version') ?? '',
    issueInstant: root.getAttribute('IssueInstant') ?? '',
    issuer: firstChild(root, NS.saml, 'Issuer')?.textContent?.trim() || undefined,
    destination: given('Destination'),
    acsUrl: given('AssertionConsumerServiceURL'),
    acsIndex: acsIndexAttr ? Number(acsIndexAttr) : undefined,
    protocolBinding: root.getAttribute('ProtocolBinding') || undefined,
  };
}

/**
 * An AuthnRequest another party already received and verified (a trace entry), read for the
 * rules: `signature` is that party's verdict.
 */
export function readAuthnRequest(xml: string, signature: AuthnRequestSignature): JudgedAuthnRequest {
  const root = expectRoot(parseUntrustedXml(xml, 'AuthnRequest'), NS.samlp, 'AuthnRequest', 'AuthnRequest');
  return { ...readJudged(root), signature };
}

function boolAttr(value: string | null, what: string): boolean | undefined {
  if (value === null || value === '') return undefined;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new SamlInputError('wrong-root', `AuthnRequest ${what}="${value}" is not an xs:boolean`);
}

/**
 * Decodes, parses and checks the signature of an AuthnRequest (SAML core 3.4.1) received over
 * HTTP-Redirect (signature over the raw query, bindings 3.4.4.1) or HTTP-POST (enveloped
 * signature, bindings 3.5.4). A bad signature is reported, not thrown: the caller decides.
 */
export function parseAuthnRequest(input: AuthnRequestInput, trusted: TrustedCerts = []): ParsedAuthnRequest {
  let xml: string;
  let raw: string;
  let relayState: string | undefined;
  if (input.binding === 'HTTP-Redirect') {
    raw = input.rawQuery.replace(/^\?/, '');
    const value = rawQueryParam(raw, 'SAMLRequest');
    if (value === undefined)
      throw new SamlInputError('missing-parameter', 'the query has no SAMLRequest parameter');
    xml = decodeRedirectMessage(value, 'SAMLRequest');
    relayState = relayStateFromQuery(raw);
  } else {
    if (input.samlRequest === undefined || input.samlRequest === '') {
      throw new SamlInputError('missing-parameter', 'the form has no SAMLRequest field');
    }
    raw = input.samlRequest;
    xml = decodePostMessage(input.samlRequest, 'SAMLRequest');
    relayState = input.relayState || undefined;
  }

  const doc = parseUntrustedXml(xml, 'SAMLRequest');
  const root = expectRoot(doc, NS.samlp, 'AuthnRequest', 'SAMLRequest');
  const judged = readJudged(root);
  const { id, version, issuer, acsIndex } = judged;
  if (!id) throw new SamlInputError('wrong-root', 'AuthnRequest has no ID attribute');
  if (version !== '2.0')
    throw new SamlInputError('wrong-root', `AuthnRequest Version is "${version}", not "2.0"`);
  if (!judged.issueInstant)
    throw new SamlInputError('wrong-root', 'AuthnRequest has no IssueInstant attribute');
  if (acsIndex !== undefined && !Number.isInteger(acsIndex)) {
    throw new SamlInputError(
      'wrong-root',
      `AuthnRequest AssertionConsumerServiceIndex="${root.getAttribute('AssertionConsumerServiceIndex')}" is not a number`,
    );
  }
  const certs = typeof trusted === 'function' ? trusted(issuer) : trusted;

  let signature: AuthnRequestSignature;
  if (input.binding === 'HTTP-Redirect') {
    rawQueryParam(raw, 'Signature');
    rawQueryParam(raw, 'SigAlg');
    signature = verifyRedirectSignature(raw, certs);
  } else {
    const own = verifyEnvelopedSignatures(xml, root, { trustedCertsPem: certs }).filter(
      (v) => v.parentId === id,
    );
    const ok = own.find((v) => v.valid);
    signature =
      own.length === 0
        ? { present: false, valid: false, detail: 'no enveloped ds:Signature on the AuthnRequest' }
        : {
            present: true,
            valid: !!ok && own.length === 1,
            algorithm: (ok ?? own[0]).signatureAlgorithm,
            detail: own.length > 1 ? 'more than one ds:Signature on the AuthnRequest' : (ok ?? own[0]).detail,
          };
  }
  if (signature.present && !signature.valid && certs.length === 0) {
    signature = {
      ...signature,
      detail: `${signature.detail} (no certificate known for ${issuer ?? 'an unnamed issuer'})`,
    };
  }

  const policy = firstChild(root, NS.samlp, 'NameIDPolicy');
  return {
    ...judged,
    nameIdPolicyFormat: policy?.getAttribute('Format') || undefined,
    forceAuthn: boolAttr(root.getAttribute('ForceAuthn'), 'ForceAuthn'),
    isPassive: boolAttr(root.getAttribute('IsPassive'), 'IsPassive'),
    relayState,
    signature,
    binding: input.binding,
    raw,
    xml,
  };
}
