import type { Element } from '@xmldom/xmldom';
import { decodePostMessage } from '../bindings.ts';
import { SamlInputError } from '../errors.ts';
import { NS } from '../namespaces.ts';
import { expectRoot, parseUntrustedXml } from '../safe-xml.ts';

export interface ReceivedResponse {
  xml: string;
  root: Element;
}

/**
 * Decodes the HTTP-POST parameter and parses it as a samlp:Response. Size caps and the DOCTYPE
 * refusal apply before any parser sees the bytes.
 */
export function readResponse(samlResponse: string | undefined): {
  xml?: string;
  received?: ReceivedResponse;
  error?: SamlInputError;
} {
  if (samlResponse === undefined || samlResponse === '') {
    return { error: new SamlInputError('missing-parameter', 'the SAMLResponse parameter is missing') };
  }
  let xml: string | undefined;
  try {
    xml = decodePostMessage(samlResponse, 'SAMLResponse');
    const doc = parseUntrustedXml(xml, 'SAMLResponse');
    const root = expectRoot(doc, NS.samlp, 'Response', 'SAMLResponse');
    return { xml, received: { xml, root } };
  } catch (e) {
    if (e instanceof SamlInputError) return { xml, error: e };
    throw e;
  }
}
