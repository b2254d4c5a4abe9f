import type { Request } from 'express';
import { rawQueryParam } from '../../lib/saml/authn-request/parse-authn-request.ts';
import { decodePostMessage, decodeRedirectMessage } from '../../lib/saml/bindings.ts';
import { SamlInputError } from '../../lib/saml/errors.ts';
import { parseUntrustedXml } from '../../lib/saml/safe-xml.ts';

/** A SAML protocol message as it reached a SAML endpoint, decoded just far enough to route it. */
export interface IncomingMessage {
  binding: 'HTTP-Redirect' | 'HTTP-POST';
  param: 'SAMLRequest' | 'SAMLResponse';
  /** Raw query without '?' (Redirect) or the form field value (POST). */
  raw: string;
  /** Redirect: the whole raw query, for signature checks over its exact octets. */
  rawQuery: string;
  value: string;
  relayState?: string;
  xml: string;
  rootNs: string;
  rootName: string;
}

export function rawQueryOf(req: Request): string {
  const q = req.originalUrl.indexOf('?');
  return q < 0 ? '' : req.originalUrl.slice(q + 1);
}

function formField(req: Request, name: string): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const v = body && typeof body === 'object' ? body[name] : undefined;
  if (v === undefined) return undefined;
  if (typeof v !== 'string')
    throw new SamlInputError('wrong-binding', `${name} must be sent once, as a plain form field`);
  return v;
}

/** Reads SAMLRequest/SAMLResponse from the query (GET) or the form (POST), decodes and parses it. */
export function readIncoming(req: Request): IncomingMessage {
  let binding: IncomingMessage['binding'];
  let param: IncomingMessage['param'];
  let value: string | undefined;
  let relayState: string | undefined;
  const rawQuery = rawQueryOf(req);
  if (req.method === 'GET') {
    binding = 'HTTP-Redirect';
    const request = rawQueryParam(rawQuery, 'SAMLRequest');
    const response = rawQueryParam(rawQuery, 'SAMLResponse');
    if (request !== undefined && response !== undefined) {
      throw new SamlInputError('wrong-binding', 'the query carries both SAMLRequest and SAMLResponse');
    }
    param = response !== undefined ? 'SAMLResponse' : 'SAMLRequest';
    value = request ?? response;
    rawQueryParam(rawQuery, 'RelayState');
    relayState = new URLSearchParams(rawQuery).get('RelayState') ?? undefined;
  } else {
    binding = 'HTTP-POST';
    const request = formField(req, 'SAMLRequest');
    const response = formField(req, 'SAMLResponse');
    if (request !== undefined && response !== undefined) {
      throw new SamlInputError('wrong-binding', 'the form carries both SAMLRequest and SAMLResponse');
    }
    param = response !== undefined ? 'SAMLResponse' : 'SAMLRequest';
    value = request ?? response;
    relayState = formField(req, 'RelayState') || undefined;
  }
  if (value === undefined || value === '') {
    throw new SamlInputError(
      'missing-parameter',
      binding === 'HTTP-Redirect'
        ? 'the query has no SAMLRequest (or SAMLResponse) parameter'
        : 'the form has no SAMLRequest (or SAMLResponse) field',
    );
  }
  const xml =
    binding === 'HTTP-Redirect' ? decodeRedirectMessage(value, param) : decodePostMessage(value, param);
  const root = parseUntrustedXml(xml, param).documentElement!;
  return {
    binding,
    param,
    raw: binding === 'HTTP-Redirect' ? rawQuery : value,
    rawQuery,
    value,
    relayState,
    xml,
    rootNs: root.namespaceURI ?? '',
    rootName: root.localName ?? '',
  };
}
