import { createSign, createVerify, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SIGNATURE_HASHES } from './algorithms.ts';
import { SamlInputError } from './errors.ts';
import { ALGORITHMS, type SignatureAlgorithmName } from './namespaces.ts';
import { escapeXml, MAX_XML_BYTES } from './safe-xml.ts';

/** Encoded parameters larger than this are refused before any decoding work. */
export const MAX_ENCODED_BYTES = 512 * 1024;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeBase64Strict(value: string, param: string): Buffer {
  if (value.length > MAX_ENCODED_BYTES) {
    throw new SamlInputError('too-large', `${param} is larger than ${MAX_ENCODED_BYTES} bytes`);
  }
  const compact = value.replace(/[\r\n\s]/g, '');
  if (compact.length === 0) throw new SamlInputError('missing-parameter', `${param} is empty`);
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw new SamlInputError('bad-base64', `${param} is not valid base64`);
  }
  return Buffer.from(compact, 'base64');
}

/** HTTP-Redirect: base64 of raw DEFLATE; the inflated size is capped so a compression bomb stops early. */
export function decodeRedirectMessage(
  value: string,
  param = 'SAMLRequest',
  maxBytes = MAX_XML_BYTES,
): string {
  const compressed = decodeBase64Strict(value, param);
  let out: Buffer;
  try {
    out = inflateRawSync(compressed, { maxOutputLength: maxBytes });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (
      err.code === 'ERR_BUFFER_TOO_LARGE' ||
      /Cannot create a Buffer larger|maxOutputLength/i.test(err.message)
    ) {
      throw new SamlInputError('too-large', `${param} inflates to more than ${maxBytes} bytes`);
    }
    throw new SamlInputError('bad-deflate', `${param} is not valid raw DEFLATE data (${err.message})`);
  }
  return out.toString('utf8');
}

export function decodePostMessage(value: string, param = 'SAMLResponse', maxBytes = MAX_XML_BYTES): string {
  const buf = decodeBase64Strict(value, param);
  if (buf.length > maxBytes)
    throw new SamlInputError('too-large', `${param} decodes to more than ${maxBytes} bytes`);
  return buf.toString('utf8');
}

export function encodeRedirectMessage(xml: string): string {
  return deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64');
}

export function encodePostMessage(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

export interface RedirectSigning {
  key: KeyObject | string;
  algorithm: SignatureAlgorithmName;
}

/**
 * Builds the query of an HTTP-Redirect message. The signature covers the exact octets of
 * `SAMLRequest=..&RelayState=..&SigAlg=..` (SAML bindings 3.4.4.1), so the query is built once and signed as is.
 */
export function buildRedirectQuery(
  param: 'SAMLRequest' | 'SAMLResponse',
  xml: string,
  relayState?: string,
  signing?: RedirectSigning,
): string {
  let q = `${param}=${encodeURIComponent(encodeRedirectMessage(xml))}`;
  if (relayState !== undefined && relayState !== '') q += `&RelayState=${encodeURIComponent(relayState)}`;
  if (signing) {
    q += `&SigAlg=${encodeURIComponent(ALGORITHMS[signing.algorithm])}`;
    const signer = createSign(SIGNATURE_HASHES.get(ALGORITHMS[signing.algorithm])!);
    signer.update(q);
    q += `&Signature=${encodeURIComponent(signer.sign(signing.key).toString('base64'))}`;
  }
  return q;
}

export interface RedirectSignatureResult {
  present: boolean;
  valid: boolean;
  algorithm?: string;
  detail: string;
}

/** Verifies a Redirect-binding signature over the raw, still URL-encoded query string. */
export function verifyRedirectSignature(rawQuery: string, certsPem: string[]): RedirectSignatureResult {
  const parts = rawQuery.replace(/^\?/, '').split('&');
  const get = (name: string) => parts.find((p) => p.startsWith(`${name}=`));
  const sig = get('Signature');
  const sigAlg = get('SigAlg');
  if (!sig || !sigAlg) return { present: false, valid: false, detail: 'no Signature/SigAlg in the query' };
  let algorithm: string;
  let signature: Buffer;
  try {
    algorithm = decodeURIComponent(sigAlg.slice('SigAlg='.length));
    signature = Buffer.from(decodeURIComponent(sig.slice('Signature='.length)), 'base64');
  } catch {
    return { present: true, valid: false, detail: 'SigAlg or Signature is not valid percent-encoding' };
  }
  const hash = SIGNATURE_HASHES.get(algorithm);
  if (!hash) return { present: true, valid: false, algorithm, detail: `unsupported SigAlg ${algorithm}` };
  const msg = get('SAMLRequest') ?? get('SAMLResponse');
  if (!msg) return { present: true, valid: false, algorithm, detail: 'no SAML message in the query' };
  const relay = get('RelayState');
  const signed = [msg, relay, sigAlg].filter(Boolean).join('&');
  for (const cert of certsPem) {
    const v = createVerify(hash);
    v.update(signed);
    if (v.verify(cert, signature))
      return { present: true, valid: true, algorithm, detail: 'signature verified' };
  }
  return {
    present: true,
    valid: false,
    algorithm,
    detail: 'signature does not verify with any trusted certificate',
  };
}

/** The HTTP-POST binding's auto-submitting form (SAML bindings 3.5.4), with a button for browsers without script. */
export function autoPostForm(
  action: string,
  fields: Record<string, string | undefined>,
  title = 'Continue',
): string {
  const inputs = Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<input type="hidden" name="${escapeXml(k)}" value="${escapeXml(v!)}"/>`)
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>
<body onload="document.forms[0].submit()">
<form method="post" action="${escapeXml(action)}">
${inputs}
<noscript><p>Script is disabled. Press Continue.</p></noscript>
<button type="submit">${escapeXml(title)}</button>
</form></body></html>`;
}
