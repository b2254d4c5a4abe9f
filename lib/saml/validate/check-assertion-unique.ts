import type { Element } from '@xmldom/xmldom';
import type { CheckId } from '../../checks/catalog.ts';
import { NS } from '../namespaces.ts';
import { childElements, descendants } from '../safe-xml.ts';
import type { CheckFn, Problem, ValidationDefect } from './types.ts';
import { ok } from './verdict.ts';

/**
 * Assertions anywhere but as direct children of the Response, or inside the Advice of one: in
 * samlp:Extensions, a ds:Signature or ds:Object, or nested at the end of another assertion, an
 * Assertion has no place in a Response, and signature wrapping is what puts it there.
 */
function strayAssertions(root: Element): Element[] {
  const direct = new Set(childElements(root, NS.saml, 'Assertion'));
  return descendants(root, NS.saml, 'Assertion').filter((a) => {
    if (direct.has(a)) return false;
    const parent = a.parentNode as Element | null;
    const grand = parent?.parentNode as Element | null;
    return !(parent?.namespaceURI === NS.saml && parent.localName === 'Advice' && grand && direct.has(grand));
  });
}

function where(a: Element): string {
  const p = a.parentNode as Element | null;
  return p ? `${p.prefix ? `${p.prefix}:` : ''}${p.localName}` : 'document';
}

export const ID = 'IDP-ASSERT-UNIQUE' satisfies CheckId;

/** SAML profiles 4.1.4.5: one assertion per Response, never presented before (replay). */
export const checkAssertionUnique: CheckFn = (view, ctx) => {
  const problems: Problem[] = [];
  if (view.encryptedAssertionCount > 0) {
    problems.push({
      detail:
        'EncryptedAssertion is not supported by this SP yet; configure the IdP to send the assertion unencrypted',
    });
  }
  if (view.assertionCount !== 1) {
    const excusedBy: ValidationDefect[] = ['naive-signature-lookup'];
    if (view.multiReferenceCover) excusedBy.push('multiple-references');
    problems.push({
      detail: `Assertion count: expected 1 direct child of the Response, got ${view.assertionCount}`,
      excusedBy,
    });
  }
  const stray = strayAssertions(view.received);
  if (stray.length > 0) {
    problems.push({
      detail: `${stray.length} saml:Assertion outside the Response's direct children (in ${[...new Set(stray.map(where))].join(', ')}): signature wrapping`,
      excusedBy: 'naive-signature-lookup',
    });
  }
  const id = view.assertion?.getAttribute('ID') || undefined;
  if (id && ctx.replayCache.seen(id)) {
    problems.push({
      detail: `assertion ${id} was already accepted once (replay)`,
      excusedBy: 'no-replay-cache',
    });
  }
  return ok(`one assertion, ID ${id} not seen before`, problems);
};
