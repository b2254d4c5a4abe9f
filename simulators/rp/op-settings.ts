import type { RpOpSettings } from '../../lib/admin/oidc-protocol.ts';
import { compileSchema, dataIssues } from '../../lib/scenario/schema-issues.ts';

const url = (what: string) => ({
  type: 'string',
  maxLength: 2048,
  pattern: '^https?://[^\\s]+$',
  description: `An http or https URL: ${what}.`,
});

const ENDPOINTS = ['authorizationEndpoint', 'tokenEndpoint', 'jwksUri'] as const;
const OPTIONAL_ENDPOINTS = ['userinfoEndpoint', 'endSessionEndpoint'] as const;

/** RpOpSettings (lib/admin/oidc-protocol.ts): a discovery URL, or the issuer and endpoints by hand. */
const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['clientId', 'clientSecret'],
  properties: {
    discoveryUrl: url("the OP's discovery document, or its issuer"),
    issuer: url('the issuer identifier'),
    authorizationEndpoint: url('the authorization endpoint'),
    tokenEndpoint: url('the token endpoint'),
    jwksUri: url("the OP's JWK Set"),
    userinfoEndpoint: url('the userinfo endpoint'),
    endSessionEndpoint: url('the end_session_endpoint'),
    clientId: { type: 'string', minLength: 1, maxLength: 255 },
    clientSecret: { type: 'string', minLength: 1, maxLength: 1024 },
    tokenEndpointAuthMethod: { enum: ['client_secret_basic', 'client_secret_post'] },
    scope: {
      type: 'string',
      maxLength: 1024,
      pattern: '^(.* )?openid( .*)?$',
      description: 'Space-separated scopes, openid among them.',
    },
  },
  dependencies: {
    issuer: [...ENDPOINTS],
    ...Object.fromEntries(
      [...ENDPOINTS, ...OPTIONAL_ENDPOINTS].map((e): [string, string[]] => [e, ['issuer']]),
    ),
  },
};

let validate: ReturnType<typeof compileSchema> | undefined;

export class OpSettingsError extends Error {}

/** The settings, or an OpSettingsError naming every field at fault (JSON path and why). */
export function parseOpSettings(body: unknown): RpOpSettings {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new OpSettingsError('send the OP settings as a JSON object (Content-Type: application/json)');
  validate ??= compileSchema(SCHEMA);
  const issues = dataIssues(validate, body).map((i) => `${i.jsonPath || '/'}: ${i.message}`);
  const s = body as RpOpSettings;
  if (s.discoveryUrl !== undefined && s.issuer !== undefined)
    issues.push('/discoveryUrl: give either discoveryUrl or issuer with the endpoints, not both');
  if (s.discoveryUrl === undefined && s.issuer === undefined)
    issues.push(
      '/discoveryUrl: required: a discovery URL, or issuer with authorizationEndpoint, tokenEndpoint and jwksUri',
    );
  for (const field of ['discoveryUrl', 'issuer', ...ENDPOINTS, ...OPTIONAL_ENDPOINTS] as const) {
    const v = s[field];
    if (typeof v === 'string' && !URL.canParse(v))
      issues.push(`/${field}: ${JSON.stringify(v)} is not a URL`);
  }
  if (issues.length > 0) throw new OpSettingsError(issues.join('; '));
  return { ...s, tokenEndpointAuthMethod: s.tokenEndpointAuthMethod ?? 'client_secret_basic' };
}
