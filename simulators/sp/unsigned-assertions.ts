import { type Element, XMLSerializer } from '@xmldom/xmldom';
import { encodePostMessage } from '../../lib/saml/bindings.ts';
import { NS } from '../../lib/saml/namespaces.ts';
import { childElements } from '../../lib/saml/safe-xml.ts';
import { readIdentity } from '../../lib/saml/validate/read-identity.ts';
import { type ReadResult, readResponse } from '../../lib/saml/validate/read-response.ts';
import type { AssertedIdentity } from '../../lib/saml/validate/types.ts';
import { verifyEnvelopedSignatures } from '../../lib/saml/verify-xml-signature.ts';

/*
 * Two seeded defects around a Response that carries an assertion no signature covers beside a
 * signed one. discard-unsigned-assertions drops the unsigned ones and goes on with the signed one,
 * as Shibboleth SP does ("Unable to establish security of incoming assertion"): nothing forged takes
 * effect. claims-from-unsigned-assertion verifies one element and reads the subject from another,
 * the flaw behind signature wrapping: the forged identity signs in.
 */

/** The Response's direct-child assertions that no valid IdP signature covers, by their own or the Response's. */
export function unsignedAssertions(read: ReadResult, trustedCertsPem: string[]): Element[] {
  const received = read.received;
  if (!received) return [];
  const root = received.root;
  const verdicts = verifyEnvelopedSignatures(received.xml, root, { trustedCertsPem });
  const rootId = root.getAttribute('ID') ?? '';
  if (verdicts.some((v) => v.valid && v.parent === 'Response' && v.parentId === rootId)) return [];
  const signed = new Set(verdicts.filter((v) => v.valid && v.parent === 'Assertion').map((v) => v.parentId));
  return childElements(root, NS.saml, 'Assertion').filter((a) => !signed.has(a.getAttribute('ID') ?? ''));
}

/**
 * discard-unsigned-assertions: the Response without the assertions no signature covers, read again,
 * when a signed one remains; otherwise the Response as it came, to be refused as it would be.
 */
export function discardUnsigned(
  read: ReadResult,
  samlResponse: string,
  trustedCertsPem: string[],
): { read: ReadResult; samlResponse: string } {
  const unsigned = unsignedAssertions(read, trustedCertsPem);
  const root = read.received?.root;
  const doc = root?.ownerDocument;
  if (!root || !doc || unsigned.length === 0) return { read, samlResponse };
  const all = childElements(root, NS.saml, 'Assertion');
  if (all.length === unsigned.length) return { read, samlResponse };
  for (const a of unsigned) root.removeChild(a);
  const kept = encodePostMessage(new XMLSerializer().serializeToString(doc));
  return { read: readResponse(kept), samlResponse: kept };
}

/**
 * claims-from-unsigned-assertion: once the Response is accepted, the subject of the first
 * direct-child assertion no signature covers, or else of the first direct-child assertion.
 */
export function identityBesideSigned(
  read: ReadResult,
  trustedCertsPem: string[],
): AssertedIdentity | undefined {
  const root = read.received?.root;
  if (!root) return undefined;
  const first = unsignedAssertions(read, trustedCertsPem)[0] ?? childElements(root, NS.saml, 'Assertion')[0];
  return first ? readIdentity(first) : undefined;
}
