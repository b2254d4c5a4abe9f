import type { RpOpSettings } from '../../../lib/admin/oidc-protocol.ts';
import { compileSchema, dataIssues } from '../../../lib/scenario/schema-issues.ts';
import { OpSettingsError, parseOpSettings } from '../../rp/op-settings.ts';

/**
 * An organisation's OpenID Connect IdP, as Control Hub's wizard takes it (seed, "Integrate with
 * OpenID Connect IdP"): a name; client ID, secret and scopes; a discovery URL or the issuer and
 * endpoints by hand (the OP part is the reference RP's RpOpSettings, validated by the same code);
 * optionally the JIT settings ("Configure Just In Time (JIT) and SAML mapping").
 */
export interface OidcIdpSettings {
  name: string;
  op: RpOpSettings;
  /** Seed: "Create or activate user", "Update user with SAML attributes"; absent: the organisation's. */
  jit?: { create?: boolean; update?: boolean };
  /** The claim that holds the user's email address (Webex: the uid); default email (OIDC Core 5.1). */
  emailClaim?: string;
}

const NAME_AND_JIT = {
  type: 'object',
  required: ['name'],
  properties: {
    name: {
      type: 'string',
      pattern: '^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$',
      description:
        '1-64 letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit',
    },
    jit: {
      type: 'object',
      additionalProperties: false,
      properties: { create: { type: 'boolean' }, update: { type: 'boolean' } },
    },
    emailClaim: { type: 'string', minLength: 1, maxLength: 255 },
  },
};

const OWN_FIELDS = ['name', 'jit', 'emailClaim'] as const;

let validate: ReturnType<typeof compileSchema> | undefined;

export class OidcIdpSettingsError extends Error {}

/**
 * The settings, or an OidcIdpSettingsError naming every field at fault (JSON path and why). A
 * name given apart (the admin URL's `?name=`) is used when the body has none.
 */
export function parseOidcIdpSettings(body: unknown, nameApart?: string): OidcIdpSettings {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new OidcIdpSettingsError(
      'send the OpenID Connect IdP settings as a JSON object (Content-Type: application/json)',
    );
  const all = { ...(body as Record<string, unknown>) };
  if (all.name === undefined && nameApart !== undefined) all.name = nameApart;
  validate ??= compileSchema(NAME_AND_JIT);
  const issues = dataIssues(validate, all).map((i) => `${i.jsonPath || '/'}: ${i.message}`);
  const opPart = Object.fromEntries(
    Object.entries(all).filter(([k]) => !(OWN_FIELDS as readonly string[]).includes(k)),
  );
  let op: RpOpSettings | undefined;
  try {
    op = parseOpSettings(opPart);
  } catch (e) {
    if (!(e instanceof OpSettingsError)) throw e;
    issues.push(e.message);
  }
  if (issues.length > 0 || !op) throw new OidcIdpSettingsError(issues.join('; '));
  const { name, jit, emailClaim } = all as Partial<OidcIdpSettings>;
  return {
    name: name as string,
    op,
    ...(jit ? { jit } : {}),
    ...(emailClaim ? { emailClaim } : {}),
  };
}
