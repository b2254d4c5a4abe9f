import { SamlInputError } from './errors.ts';

/**
 * How complex an untrusted XML document may be. Every recursive walk, the DOM parser (whose
 * duplicate-attribute check is quadratic per element), canonicalization and the schema check run
 * after these are enforced, so their cost is bounded by them rather than by the attacker.
 * A signed SAML Response nests about 8 deep and holds a few dozen elements per attribute group;
 * metadata of one entity, a few hundred.
 */
export const XML_LIMITS = {
  /** Element nesting depth. */
  maxDepth: 64,
  /** Elements in the whole document; comments and processing instructions count as elements (each is a node to build). */
  maxElements: 5000,
  /** Attributes (namespace declarations included) on one element. */
  maxAttributesPerElement: 64,
  /** Attributes in the whole document. */
  maxAttributes: 20_000,
} as const;

export type XmlLimits = { [K in keyof typeof XML_LIMITS]: number };

/** For the seeded defects that stand for a parser with no limits, and for the simulators' own output. */
export const NO_XML_LIMITS: XmlLimits = {
  maxDepth: Number.POSITIVE_INFINITY,
  maxElements: Number.POSITIVE_INFINITY,
  maxAttributesPerElement: Number.POSITIVE_INFINITY,
  maxAttributes: Number.POSITIVE_INFINITY,
};

export interface XmlShape {
  depth: number;
  elements: number;
  attributes: number;
  maxAttributesOnOneElement: number;
}

const LT = 60; // <
const GT = 62; // >
const BANG = 33; // !
const QUESTION = 63; // ?
const SLASH = 47; // /
const EQ = 61; // =
const DQUOTE = 34;
const SQUOTE = 39;

function refuse(what: string, detail: string): never {
  throw new SamlInputError('too-complex', `${what} ${detail}`);
}

function countNode(shape: XmlShape, limits: XmlLimits, what: string): void {
  if (++shape.elements > limits.maxElements) {
    refuse(what, `has more than ${limits.maxElements} elements and comments (the limit, maxElements)`);
  }
}

/**
 * Measures the document in one linear pass over the text, without building anything, and refuses
 * it as soon as a limit is passed. It does not judge well-formedness: the parser does that next.
 */
export function enforceXmlLimits(xml: string, what: string, limits: XmlLimits = XML_LIMITS): XmlShape {
  if (limits === NO_XML_LIMITS) return { depth: 0, elements: 0, attributes: 0, maxAttributesOnOneElement: 0 };
  const shape: XmlShape = { depth: 0, elements: 0, attributes: 0, maxAttributesOnOneElement: 0 };
  let depth = 0;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === BANG || next === QUESTION) countNode(shape, limits, what);
    if (next === BANG) {
      const end = xml.startsWith('<!--', lt)
        ? xml.indexOf('-->', lt + 4)
        : xml.startsWith('<![CDATA[', lt)
          ? xml.indexOf(']]>', lt + 9)
          : xml.indexOf('>', lt + 2);
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    if (next === QUESTION) {
      const end = xml.indexOf('?>', lt + 2);
      if (end < 0) break;
      i = end + 2;
      continue;
    }
    if (next === SLASH) {
      if (depth > 0) depth--;
      const end = xml.indexOf('>', lt + 2);
      if (end < 0) break;
      i = end + 1;
      continue;
    }
    countNode(shape, limits, what);
    let quote = 0;
    let attributes = 0;
    let j = lt + 1;
    for (; j < n; j++) {
      const c = xml.charCodeAt(j);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === DQUOTE || c === SQUOTE) quote = c;
      else if (c === EQ) attributes++;
      else if (c === GT || c === LT) break;
    }
    if (attributes > limits.maxAttributesPerElement) {
      refuse(
        what,
        `has an element with ${attributes} attributes; the limit is ${limits.maxAttributesPerElement} per element (maxAttributesPerElement)`,
      );
    }
    shape.attributes += attributes;
    if (attributes > shape.maxAttributesOnOneElement) shape.maxAttributesOnOneElement = attributes;
    if (shape.attributes > limits.maxAttributes) {
      refuse(what, `has more than ${limits.maxAttributes} attributes (the limit, maxAttributes)`);
    }
    const selfClosing = xml.charCodeAt(j - 1) === SLASH;
    if (!selfClosing && ++depth > shape.depth) {
      shape.depth = depth;
      if (depth > limits.maxDepth) {
        refuse(what, `nests elements more than ${limits.maxDepth} deep (the limit, maxDepth)`);
      }
    }
    i = j + (xml.charCodeAt(j) === GT ? 1 : 0);
  }
  return shape;
}
