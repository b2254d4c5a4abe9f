/**
 * Indents XML for people to read. Display only: it rewrites whitespace between elements, which
 * breaks canonicalization, so its output must never reach signature verification.
 * Anything it cannot tokenize (malformed, hostile, too deep) comes back unchanged.
 */

interface Leaf {
  kind: 'text' | 'cdata' | 'comment' | 'pi' | 'doctype';
  raw: string;
}

interface Element {
  kind: 'element';
  open: string;
  close: string;
  children: Node[];
}

type Node = Leaf | Element;

class Unformattable extends Error {}

const MAX_DEPTH = 256;

function indexOrFail(xml: string, needle: string, from: number): number {
  const at = xml.indexOf(needle, from);
  if (at < 0) throw new Unformattable();
  return at;
}

/** End of a start tag: the first '>' outside a quoted attribute value. */
function endOfTag(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i;
    }
  }
  throw new Unformattable();
}

function endOfDoctype(xml: string, from: number): number {
  const gt = indexOrFail(xml, '>', from);
  const bracket = xml.indexOf('[', from);
  if (bracket < 0 || bracket > gt) return gt;
  return indexOrFail(xml, '>', indexOrFail(xml, ']', bracket));
}

function tagName(tag: string, skip: number): string {
  const m = /^[^\s/>]+/.exec(tag.slice(skip));
  if (!m) throw new Unformattable();
  return m[0];
}

function parse(xml: string): Node[] {
  const root: Node[] = [];
  const stack: { el: Element; name: string }[] = [];
  const push = (n: Node) => (stack.length ? stack[stack.length - 1].el.children : root).push(n);
  let i = 0;
  while (i < xml.length) {
    if (xml[i] !== '<') {
      const next = xml.indexOf('<', i);
      const end = next < 0 ? xml.length : next;
      push({ kind: 'text', raw: xml.slice(i, end) });
      i = end;
    } else if (xml.startsWith('<!--', i)) {
      const end = indexOrFail(xml, '-->', i + 4) + 3;
      push({ kind: 'comment', raw: xml.slice(i, end) });
      i = end;
    } else if (xml.startsWith('<![CDATA[', i)) {
      const end = indexOrFail(xml, ']]>', i + 9) + 3;
      push({ kind: 'cdata', raw: xml.slice(i, end) });
      i = end;
    } else if (xml.startsWith('<?', i)) {
      const end = indexOrFail(xml, '?>', i + 2) + 2;
      push({ kind: 'pi', raw: xml.slice(i, end) });
      i = end;
    } else if (xml.startsWith('<!', i)) {
      const end = endOfDoctype(xml, i + 2) + 1;
      push({ kind: 'doctype', raw: xml.slice(i, end) });
      i = end;
    } else if (xml.startsWith('</', i)) {
      const end = indexOrFail(xml, '>', i + 2) + 1;
      const raw = xml.slice(i, end);
      const top = stack.pop();
      if (!top || top.name !== tagName(raw, 2)) throw new Unformattable();
      top.el.close = raw;
      i = end;
    } else {
      const end = endOfTag(xml, i + 1) + 1;
      const raw = xml.slice(i, end);
      const el: Element = { kind: 'element', open: raw, close: '', children: [] };
      push(el);
      if (!raw.endsWith('/>')) {
        if (stack.length >= MAX_DEPTH) throw new Unformattable();
        stack.push({ el, name: tagName(raw, 1) });
      }
      i = end;
    }
  }
  if (stack.length) throw new Unformattable();
  return root;
}

function verbatim(n: Node): string {
  return n.kind === 'element' ? n.open + n.children.map(verbatim).join('') + n.close : n.raw;
}

const isBlank = (n: Node) => n.kind === 'text' && n.raw.trim() === '';

function render(n: Node, pad: string, step: string, out: string[]): void {
  if (n.kind !== 'element') {
    out.push(pad + (n.kind === 'text' ? n.raw.trim() : n.raw));
    return;
  }
  const hasElements = n.children.some((c) => c.kind === 'element' || c.kind === 'comment' || c.kind === 'pi');
  const hasContent = n.children.some((c) => (c.kind === 'text' && !isBlank(c)) || c.kind === 'cdata');
  // Text-only and mixed content keep their exact characters: whitespace inside them is data.
  if (!hasElements || hasContent) {
    out.push(pad + verbatim(n));
    return;
  }
  out.push(pad + n.open);
  for (const c of n.children) if (!isBlank(c)) render(c, pad + step, step, out);
  out.push(pad + n.close);
}

export function formatXml(xml: string, indent = '  '): string {
  try {
    const out: string[] = [];
    for (const n of parse(xml)) if (!isBlank(n)) render(n, '', indent, out);
    return out.join('\n');
  } catch (err) {
    if (err instanceof Unformattable || err instanceof RangeError) return xml;
    throw err;
  }
}
