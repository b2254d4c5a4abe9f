import { compileSchema } from '../../../lib/scenario/schema-issues.ts';
import { METADATA_SECURITY, type MetadataSecurity } from './metadata-trust.ts';
import {
  IDP_CERTIFICATE_SUPPORT,
  type IdpCertificateSupport,
  SP_CERTIFICATE_TYPES,
  type SpCertificateType,
} from './sp-certificates.ts';

export interface RenewInput {
  idpSupport: IdpCertificateSupport;
  type: SpCertificateType;
}

export interface MetadataTrustInput {
  security: MetadataSecurity;
  trustAnchors?: string[];
}

const RENEW = compileSchema({
  type: 'object',
  additionalProperties: false,
  required: ['idpSupport', 'type'],
  properties: {
    idpSupport: { type: 'string', enum: [...IDP_CERTIFICATE_SUPPORT] },
    type: { type: 'string', enum: [...SP_CERTIFICATE_TYPES] },
  },
});

const TRUST = compileSchema({
  type: 'object',
  additionalProperties: false,
  required: ['security'],
  properties: {
    security: { type: 'string', enum: [...METADATA_SECURITY] },
    trustAnchors: {
      type: 'array',
      maxItems: 20,
      items: { type: 'string', minLength: 1, maxLength: 16_384, pattern: '-----BEGIN CERTIFICATE-----' },
    },
  },
});

/** A bad admin API body; the message names each field at fault and what it must be. */
export class CertificatesInputError extends Error {}

function validated<T>(validate: ReturnType<typeof compileSchema>, body: unknown, what: string): T {
  if (validate(body)) return body as T;
  const faults = (validate.errors ?? []).map((e) => {
    const field = e.instancePath === '' ? what : `${what}${e.instancePath.replace(/\//g, '.')}`;
    const allowed = e.keyword === 'enum' ? ` (${(e.params.allowedValues as string[]).join(', ')})` : '';
    const extra = e.keyword === 'additionalProperties' ? ` "${e.params.additionalProperty}"` : '';
    return `${field} ${e.message}${extra}${allowed}`;
  });
  throw new CertificatesInputError(faults.join('; '));
}

export const readRenewInput = (body: unknown): RenewInput => validated(RENEW, body ?? {}, 'body');
/** `what` names the input in messages: the request body, or the SP's start option. */
export const readTrustInput = (body: unknown, what = 'body'): MetadataTrustInput =>
  validated(TRUST, body ?? {}, what);
