import type { Element } from '@xmldom/xmldom';
import { NAMEID_FORMAT, NS } from '../../../lib/saml/namespaces.ts';
import { childElements, firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';

export interface NameIdView {
  value: string;
  format?: string;
  nameQualifier?: string;
  spNameQualifier?: string;
}

/** Whom a login signed in, as the IdP asserted it: what a LogoutRequest for that session names. */
export interface LoginSubject {
  nameId: NameIdView;
  sessionIndex?: string;
}

export function nameIdOf(el: Element): NameIdView {
  const attr = (name: string) => (el.hasAttribute(name) ? (el.getAttribute(name) ?? '') : undefined);
  return {
    value: el.textContent ?? '',
    format: attr('Format'),
    nameQualifier: attr('NameQualifier'),
    spNameQualifier: attr('SPNameQualifier'),
  };
}

export function describeNameId(n: NameIdView): string {
  const q = [
    `Format=${n.format ?? '(none)'}`,
    n.nameQualifier !== undefined ? `NameQualifier=${n.nameQualifier}` : '',
    n.spNameQualifier !== undefined ? `SPNameQualifier=${n.spNameQualifier}` : '',
  ].filter(Boolean);
  return `"${n.value}" (${q.join(', ')})`;
}

/** The subject of the last Response the IdP simulator sent in a flow's trace. */
export function assertedSubject(trace: TraceEntry[]): LoginSubject {
  const sent = trace.filter((e) => e.kind === 'Response' && e.direction === 'out' && e.decoded).pop();
  if (!sent?.decoded) throw new Error('the IdP simulator recorded no Response in this flow');
  const root = parseUntrustedXml(sent.decoded, 'Response', Number.MAX_SAFE_INTEGER).documentElement!;
  const assertion = firstChild(root, NS.saml, 'Assertion');
  const subject = assertion && firstChild(assertion, NS.saml, 'Subject');
  const nameId = subject && firstChild(subject, NS.saml, 'NameID');
  if (!assertion || !nameId) throw new Error('the Response of this flow has no assertion with a NameID');
  const authn = childElements(assertion, NS.saml, 'AuthnStatement')[0];
  return { nameId: nameIdOf(nameId), sessionIndex: authn?.getAttribute('SessionIndex') || undefined };
}

/**
 * Where a NameID sent in a logout message differs from the asserted one (SAML core 3.3.4: value,
 * Format and qualifiers). An absent Format is "unspecified" (core 8.3.1); an absent qualifier
 * stands for the entity it defaults to (core 8.3.7, 8.3.8), so omitting one that names exactly
 * that entity changes nothing.
 */
export function nameIdMismatches(
  sent: NameIdView,
  asserted: NameIdView,
  defaults: { idp: string; sp: string },
): string[] {
  const problems: string[] = [];
  if (sent.value !== asserted.value) problems.push(`value "${sent.value}" instead of "${asserted.value}"`);
  const format = (f?: string) => f ?? NAMEID_FORMAT.unspecified;
  if (format(sent.format) !== format(asserted.format))
    problems.push(`Format ${sent.format ?? '(none)'} instead of ${asserted.format ?? '(none)'}`);
  const qualifier = (name: string, a?: string, b?: string, fallback?: string) => {
    if ((a ?? fallback) !== (b ?? fallback))
      problems.push(`${name} ${a ?? '(none)'} instead of ${b ?? '(none)'}`);
  };
  qualifier('NameQualifier', sent.nameQualifier, asserted.nameQualifier, defaults.idp);
  qualifier('SPNameQualifier', sent.spNameQualifier, asserted.spNameQualifier, defaults.sp);
  return problems;
}
