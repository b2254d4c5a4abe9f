import { SamlInputError } from '../errors.ts';

/*
 * Seeded defects that make the reference SP read XML the way permissive parsers do, so the hostile
 * XML checks can be shown to fail. Each stands in for a parser setting, not for this SP's design:
 * the clean SP refuses every DTD before parsing and parses exactly one root element.
 */

/** How much text the entity-expanding reader will produce before it gives up (it is still a simulator). */
const MAX_EXPANSION = 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

const DOCTYPE = /<!DOCTYPE\s[^[>]*(?:\[[\s\S]*?\])?\s*>/;

/** The text permissive parsers would go on to parse, after the seeded defects had their way. */
export async function permissiveXml(xml: string, defects: ReadonlySet<string>): Promise<string> {
  let out = xml;
  if (defects.has('ignore-trailing-content')) out = firstRootOnly(out);
  if (defects.has('load-external-dtd')) await loadExternalDtd(out);
  if (defects.has('expand-entities')) out = expandInternalEntities(out);
  return out;
}

/**
 * A DTD-loading parser (libxml2 with XML_PARSE_DTDLOAD, Xerces with load-external-dtd) fetches the
 * external subset and external entities the DOCTYPE names. Only loopback http(s) URLs are
 * fetched, so the defect can never reach beyond the test machine.
 */
async function loadExternalDtd(xml: string): Promise<void> {
  const doctype = DOCTYPE.exec(xml)?.[0];
  if (!doctype) return;
  const urls = [...doctype.matchAll(/SYSTEM\s+(["'])([^"']*)\1/g)].map((m) => m[2]);
  await Promise.all(
    urls.map(async (u) => {
      let url: URL;
      try {
        url = new URL(u);
      } catch {
        return;
      }
      if (!/^https?:$/.test(url.protocol) || !LOOPBACK.has(url.hostname)) return;
      await fetch(url, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
    }),
  );
}

function charRefs(s: string): string {
  return s.replace(/&#(x[0-9a-fA-F]+|[0-9]+);/g, (_m, n: string) =>
    String.fromCodePoint(n.startsWith('x') ? Number.parseInt(n.slice(1), 16) : Number(n)),
  );
}

/**
 * An entity-expanding parser (libxml2's default, most DOM parsers): internal general entities of
 * the DOCTYPE are replaced wherever they are referenced, the DOCTYPE is dropped. External entities
 * are left as references, so the document then fails to parse.
 */
function expandInternalEntities(xml: string): string {
  const doctype = DOCTYPE.exec(xml);
  if (!doctype) return xml;
  const values = new Map<string, string>();
  for (const m of doctype[0].matchAll(/<!ENTITY\s+([A-Za-z_][\w.-]*)\s+(["'])([^"']*)\2\s*>/g)) {
    if (!values.has(m[1])) values.set(m[1], charRefs(m[3]));
  }
  const expanded = new Map<string, string>();
  const expand = (text: string, depth: number): string =>
    text.replace(/&([A-Za-z_][\w.-]*);/g, (ref, name: string) => {
      const value = values.get(name);
      if (value === undefined) return ref;
      let done = expanded.get(name);
      if (done === undefined) {
        if (depth > 32) throw new SamlInputError('not-xml', `entity ${name} nests too deeply`);
        done = expand(value, depth + 1);
        if (done.length > MAX_EXPANSION)
          throw new SamlInputError('too-large', `entity ${name} expands beyond ${MAX_EXPANSION} characters`);
        expanded.set(name, done);
      }
      return done;
    });
  const body = xml.slice(0, doctype.index) + xml.slice(doctype.index + doctype[0].length);
  const out = expand(body, 0);
  if (out.length > MAX_EXPANSION * 4)
    throw new SamlInputError('too-large', 'the document expands beyond the entity limit');
  return out;
}

/**
 * A parser that stops at the end of the first root element and ignores whatever follows, as
 * streaming readers often do. Start and end tags of the root's name are counted; markup inside
 * comments is not special-cased, which is enough for the messages the checks send.
 */
function firstRootOnly(xml: string): string {
  const start = /<([A-Za-z_][\w.:-]*)[\s/>]/.exec(
    xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, (m) => ' '.repeat(m.length)),
  );
  if (!start) return xml;
  const name = start[1];
  const tag = new RegExp(`<(/?)${name.replace(/[.]/g, '\\.')}(?=[\\s/>])[^>]*?(/?)>`, 'g');
  tag.lastIndex = start.index;
  let depth = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    if (m[1]) depth--;
    else if (!m[2]) depth++;
    if (depth === 0) return xml.slice(0, m.index + m[0].length);
  }
  return xml;
}
