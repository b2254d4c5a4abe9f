import type { Element } from '@xmldom/xmldom';
import { NS } from '../namespaces.ts';
import { childElements, descendants, parseUntrustedXml } from '../safe-xml.ts';
import type { SchemaResult } from '../schema/validator.ts';
import { type SignatureVerdict, verifyEnvelopedSignatures } from '../verify-xml-signature.ts';
import { anySignatureVerifies, type LenientVerdict, lenientVerdicts } from './lenient-signatures.ts';
import type { ReceivedResponse } from './read-response.ts';
import type { Problem, ResponseView, SignatureTrust, ValidationContext } from './types.ts';

const LENIENT = ['trust-issuer-serial', 'skip-empty-signature', 'digest-from-comment', 'multiple-references'];

function isLenient(v: SignatureVerdict | LenientVerdict): v is LenientVerdict {
  return 'acceptedBy' in v;
}

/**
 * Decides which element the claims may come from. Claims are read only from what a valid signature
 * covered (the canonical XML it covered, re-parsed, or the verified element itself when both read
 * alike): the Response's when the Response is signed, else the assertion's. An assertion no valid signature covers is kept only for reporting, so signature
 * wrapping (an unsigned assertion next to, or around, a signed one) can never supply the identity.
 */
export function buildView(
  received: ReceivedResponse,
  schema: SchemaResult,
  ctx: ValidationContext,
): ResponseView {
  if (ctx.defects.has('naive-signature-lookup')) return naiveView(received, schema, ctx);
  const root = received.root;
  const rootId = root.getAttribute('ID') ?? '';
  const direct = childElements(root, NS.saml, 'Assertion');
  const directIds = new Set(direct.map((a) => a.getAttribute('ID') ?? ''));
  const relevant = (v: SignatureVerdict) =>
    (v.parent === 'Response' && v.parentId === rootId) ||
    (v.parent === 'Assertion' && directIds.has(v.parentId));

  let verdicts: Array<SignatureVerdict | LenientVerdict> = verifyEnvelopedSignatures(received.xml, root, {
    trustedCertsPem: ctx.idp.signingCerts,
  });
  if (LENIENT.some((d) => ctx.defects.has(d)) && verdicts.some((v) => relevant(v) && !v.valid)) {
    verdicts = lenientVerdicts(received.xml, root, verdicts, ctx.idp.signingCerts, ctx.defects);
  }
  if (ctx.defects.has('trust-keyinfo') && verdicts.some((v) => relevant(v) && !v.valid)) {
    const withKeyInfo = verifyEnvelopedSignatures(received.xml, root, {
      trustedCertsPem: ctx.idp.signingCerts,
      trustKeyInfo: true,
    });
    verdicts = verdicts.map((v, i) => (v.valid ? v : (withKeyInfo[i] ?? v)));
  }
  const signatures = verdicts.filter(relevant);
  const elsewhere = verdicts.filter((v) => !relevant(v) && v.valid);

  const problems: Problem[] = [];
  const notes: string[] = [];
  if (ctx.idp.signingCerts.length === 0) {
    problems.push({ detail: 'the IdP metadata lists no signing certificate to verify with' });
  }
  for (const v of signatures) {
    const what = `${v.parent} ${v.parentId} signature`;
    if (!v.valid) problems.push({ detail: `${what} does not verify: ${v.detail}` });
    else if (isLenient(v)) {
      problems.push({
        detail: `${what} counts as signed only by the leniency of seeded defect ${v.acceptedBy}`,
        excusedBy: v.acceptedBy,
      });
    } else if (v.verifiedBy === 'keyinfo') {
      problems.push({
        detail: `${what} verifies only with the certificate in its own KeyInfo, which the IdP metadata does not list`,
        excusedBy: 'trust-keyinfo',
      });
    } else notes.push(`${what} verified with IdP metadata certificate #${v.verifiedBy}`);
  }

  const trust: SignatureTrust = { by: 'none', viaKeyInfo: false, problems, notes };
  const responseSig = signatures.find((v) => v.parent === 'Response' && v.valid);
  const assertionSig = signatures.find((v) => v.parent === 'Assertion' && v.valid);
  const encryptedAssertionCount = childElements(root, NS.saml, 'EncryptedAssertion').length;

  // multiple-references: one signature vouches for every assertion its References name; claims come
  // from the first of them in document order.
  const multi = signatures.find((v): v is LenientVerdict => isLenient(v) && v.covered !== undefined);
  if (multi?.covered) {
    const first = direct.find((a) => multi.covered!.has(a.getAttribute('ID') ?? ''));
    const signed =
      first && reparse(multi.covered.get(first.getAttribute('ID') ?? '')!, 'signed Assertion', problems);
    if (signed) {
      trust.by = 'assertion';
      return {
        xml: received.xml,
        received: root,
        response: root,
        assertion: signed,
        assertionTrusted: true,
        assertionCount: direct.length,
        encryptedAssertionCount,
        signatures,
        trust,
        schema,
        multiReferenceCover: direct.every((a) => multi.covered!.has(a.getAttribute('ID') ?? '')),
      };
    }
  }

  if (responseSig?.signedXml) {
    const signed = responseSig.signedElement ?? reparse(responseSig.signedXml, 'signed Response', problems);
    if (signed) {
      const assertions = childElements(signed, NS.saml, 'Assertion');
      trust.by = 'response';
      trust.viaKeyInfo = responseSig.verifiedBy === 'keyinfo';
      return {
        xml: received.xml,
        received: root,
        response: signed,
        assertion: assertions[0],
        assertionTrusted: assertions.length === 1,
        assertionCount: assertions.length,
        encryptedAssertionCount: childElements(signed, NS.saml, 'EncryptedAssertion').length,
        signatures,
        trust,
        schema,
        multiReferenceCover: false,
      };
    }
  }

  if (assertionSig?.signedXml) {
    const signed =
      assertionSig.signedElement ?? reparse(assertionSig.signedXml, 'signed Assertion', problems);
    if (signed) {
      trust.by = 'assertion';
      trust.viaKeyInfo = assertionSig.verifiedBy === 'keyinfo';
      return {
        xml: received.xml,
        received: root,
        response: root,
        assertion: signed,
        assertionTrusted: true,
        assertionCount: direct.length,
        encryptedAssertionCount,
        signatures,
        trust,
        schema,
        multiReferenceCover: false,
      };
    }
  }

  if (signatures.length === 0 && direct.length > 0) {
    const wrapped = elsewhere.map((v) => `${v.parent} ${v.parentId}`);
    problems.push({
      detail:
        'neither the Response nor its assertion carries a signature' +
        (wrapped.length > 0
          ? `; a valid signature covers ${wrapped.join(', ')} elsewhere in the document, not the Response or its direct-child assertion (signature wrapping?)`
          : ''),
      excusedBy: wrapped.length > 0 ? undefined : 'accept-unsigned',
    });
  }
  const unsignedAccepted =
    ctx.defects.has('accept-unsigned') && signatures.length === 0 && elsewhere.length === 0;
  return {
    xml: received.xml,
    received: root,
    response: root,
    assertion: direct[0],
    assertionTrusted: unsignedAccepted && direct.length === 1,
    assertionCount: direct.length,
    encryptedAssertionCount,
    signatures,
    trust,
    schema,
    multiReferenceCover: false,
  };
}

/**
 * The naive-signature-lookup defect: the message counts as signed when any signature in it verifies
 * with an IdP key, and claims come from the first Assertion in document order. The pattern behind
 * most signature-wrapping vulnerabilities.
 */
function naiveView(received: ReceivedResponse, schema: SchemaResult, ctx: ValidationContext): ResponseView {
  const root = received.root;
  const verdicts = anySignatureVerifies(received.xml, root, ctx.idp.signingCerts);
  const valid = verdicts.filter((v) => v.valid);
  const assertion = descendants(root, NS.saml, 'Assertion')[0];
  const problems: Problem[] = [];
  if (valid.length === 0) {
    problems.push({ detail: 'no signature in the message verifies with the IdP metadata certificates' });
  } else {
    problems.push({
      detail: `claims read from the first Assertion of the document (${assertion?.getAttribute('ID') ?? 'none'}), whatever the verified signature covers`,
      excusedBy: 'naive-signature-lookup',
    });
  }
  return {
    xml: received.xml,
    received: root,
    response: root,
    assertion,
    assertionTrusted: valid.length > 0 && assertion !== undefined,
    assertionCount: childElements(root, NS.saml, 'Assertion').length,
    encryptedAssertionCount: childElements(root, NS.saml, 'EncryptedAssertion').length,
    signatures: verdicts,
    trust: {
      by: valid.some((v) => v.parent === 'Response') ? 'response' : valid.length > 0 ? 'assertion' : 'none',
      viaKeyInfo: false,
      problems,
      notes: [],
    },
    schema,
    multiReferenceCover: false,
  };
}

function reparse(xml: string, what: string, problems: Problem[]): Element | undefined {
  try {
    return parseUntrustedXml(xml, what).documentElement ?? undefined;
  } catch (e) {
    problems.push({ detail: `${what} cannot be re-read: ${(e as Error).message}` });
    return undefined;
  }
}
