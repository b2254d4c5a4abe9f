import type { ValidateFunction } from 'ajv';
import {
  type BackchannelLogoutOrder,
  LOGOUT_TOKEN_FORGERIES,
  OIDC_FORGERIES,
  type OidcClientRegistration,
  type TokenPlan,
} from '../../lib/admin/oidc-protocol.ts';
import { compileSchema, dataIssues } from '../../lib/scenario/schema-issues.ts';

/** A bad admin API body; the message names every field at fault. */
export class AdminInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max });
// No fragment (RFC 6749 3.1.2), no spaces; an http(s) URL that the provider then checks again.
const uri = { type: 'string', maxLength: 2048, pattern: '^https?://[^\\s#]+$' };
const uris = { type: 'array', items: uri, maxItems: 20 };

const CLIENT_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'clientSecret', 'tokenEndpointAuthMethod', 'redirectUris'],
  properties: {
    clientId: { type: 'string', minLength: 1, maxLength: 256, pattern: '^[\\x21-\\x7e]+$' },
    clientSecret: text(512),
    tokenEndpointAuthMethod: { type: 'string', enum: ['client_secret_basic', 'client_secret_post'] },
    redirectUris: { ...uris, minItems: 1 },
    postLogoutRedirectUris: uris,
    backchannelLogoutUri: uri,
    scope: {
      type: 'string',
      maxLength: 1024,
      pattern: '^[\\x21\\x23-\\x5b\\x5d-\\x7e]+( [\\x21\\x23-\\x5b\\x5d-\\x7e]+)*$',
    },
  },
};

const PLAN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    forge: { type: 'string', enum: [...OIDC_FORGERIES] },
    claims: {
      type: 'object',
      maxProperties: 64,
      propertyNames: { maxLength: 128 },
    },
  },
};

const ORDER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['flow', 'clientId'],
  properties: {
    flow: text(256),
    clientId: text(256),
    forge: { type: 'string', enum: [...LOGOUT_TOKEN_FORGERIES] },
  },
};

function reader<T>(schema: object, what: string): (body: unknown) => T {
  let validate: ValidateFunction | undefined;
  return (body) => {
    validate ??= compileSchema(schema);
    const issues = dataIssues(validate, body);
    if (issues.length > 0) {
      const lines = issues.map((i) =>
        i.jsonPath === '' ? 'the body must be a JSON object' : `${i.jsonPath}: ${i.message}`,
      );
      throw new AdminInputError(issues[0].jsonPath || 'body', `${what}: ${[...new Set(lines)].join('; ')}`);
    }
    return body as T;
  };
}

export const readClientRegistration = reader<OidcClientRegistration>(CLIENT_SCHEMA, 'client registration');
export const readTokenPlan = reader<TokenPlan>(PLAN_SCHEMA, 'token plan');
export const readBackchannelOrder = reader<BackchannelLogoutOrder>(ORDER_SCHEMA, 'back-channel logout order');
