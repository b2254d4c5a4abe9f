import type { Element } from '@xmldom/xmldom';
import { decodePostMessage } from '../bindings.ts';
import { SamlInputError } from '../errors.ts';
import { NS } from '../namespaces.ts';
import { expectRoot, parseUntrustedXml } from '../safe-xml.ts';
import { NO_XML_LIMITS, type XmlLimits } from '../xml-limits.ts';
import { permissiveXml } from './permissive-xml.ts';

export interface ReceivedResponse {
  xml: string;
  root: Element;
}

export interface ReadResult {
  xml?: string;
  received?: ReceivedResponse;
  error?: SamlInputError;
}

/**
 * Decodes the HTTP-POST parameter and parses it as a samlp:Response. Size caps and the DOCTYPE
 * refusal apply before any parser sees the bytes.
 */
export function readResponse(samlResponse: string | undefined): ReadResult {
  if (samlResponse === undefined || samlResponse === '') {
    return { error: new SamlInputError('missing-parameter', 'the SAMLResponse parameter is missing') };
  }
  let xml: string | undefined;
  try {
    xml = decodePostMessage(samlResponse, 'SAMLResponse');
    return { xml, received: parseResponse(xml) };
  } catch (e) {
    if (e instanceof SamlInputError) return { xml, error: e };
    throw e;
  }
}

function parseResponse(xml: string, maxBytes?: number, limits?: XmlLimits): ReceivedResponse {
  const doc = parseUntrustedXml(xml, 'SAMLResponse', maxBytes, limits);
  return { xml, root: expectRoot(doc, NS.samlp, 'Response', 'SAMLResponse') };
}

/** Base64 with no size cap: the no-size-limit defect. */
function decodeUncapped(value: string): string {
  const compact = value.replace(/[\r\n\s]/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw new SamlInputError('bad-base64', 'SAMLResponse is not valid base64');
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

const READ_DEFECTS = ['no-size-limit', 'ignore-trailing-content', 'load-external-dtd', 'expand-entities'];

/** True when no seeded defect changes how the bytes are read: readResponseWith is then readResponse. */
export function readsStrictly(defects: ReadonlySet<string>): boolean {
  return !READ_DEFECTS.some((d) => defects.has(d));
}

/** readResponse as the reference SP does it, including the seeded defects that change how the bytes are read. */
export async function readResponseWith(
  samlResponse: string | undefined,
  defects: ReadonlySet<string>,
): Promise<ReadResult> {
  if (readsStrictly(defects)) return readResponse(samlResponse);
  const uncapped = defects.has('no-size-limit');
  if (samlResponse === undefined || samlResponse === '') return readResponse(samlResponse);
  let xml: string | undefined;
  try {
    xml = uncapped ? decodeUncapped(samlResponse) : decodePostMessage(samlResponse, 'SAMLResponse');
    const text = await permissiveXml(xml, defects);
    return {
      xml,
      received: uncapped ? parseResponse(text, Number.MAX_SAFE_INTEGER, NO_XML_LIMITS) : parseResponse(text),
    };
  } catch (e) {
    if (e instanceof SamlInputError) return { xml, error: e };
    throw e;
  }
}
