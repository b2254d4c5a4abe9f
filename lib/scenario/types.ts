import type { ScenarioRouting } from './routing-scenario.ts';
export type NameIdFormat = 'transient' | 'persistent' | 'emailAddress' | 'unspecified';

/** A postal address, as a directory keeps it; an OP sends it as the OIDC Core 5.1.1 address claim. */
export interface UserAddress {
  streetAddress?: string;
  locality?: string;
  region?: string;
  postalCode?: string;
  country?: string;
}

export interface ScenarioUser {
  username: string;
  password: string;
  email: string;
  firstName: string;
  lastName: string;
  displayName: string;
  upn: string;
  objectId: string;
  groups: string[];
  department?: string;
  jobTitle?: string;
  phone?: string;
  address?: UserAddress;
  employeeId?: string;
  uid?: string;
}

/** User fields an attribute rule or the NameID may read (the password is never sent). */
export const USER_FIELDS = [
  'username',
  'email',
  'firstName',
  'lastName',
  'displayName',
  'upn',
  'objectId',
  'groups',
  'department',
  'jobTitle',
  'phone',
  'employeeId',
  'uid',
] as const satisfies ReadonlyArray<keyof ScenarioUser>;

export type UserField = (typeof USER_FIELDS)[number];

export interface AttributeRule {
  /** attribute Name as sent */
  name: string;
  /** absent: no NameFormat XML attribute, which SAML reads as unspecified */
  nameFormat?: 'uri' | 'basic' | 'unspecified';
  friendlyName?: string;
  /** user field to read ('email','firstName','groups',...), or a constant with `value` */
  from?: keyof ScenarioUser | 'tenantId';
  /** constant value; may contain {base_url} and {tenant_id} */
  value?: string;
}

export interface ScenarioPaths {
  metadata: string;
  sso: string;
  slo: string;
  idpInitiated: string;
  login: string;
}

/** A SAML 2.0 scenario: the IdP the simulators play (`protocol: saml2`). */
export interface Scenario {
  file: string;
  id: string;
  title: string;
  description: string;
  protocol: 'saml2';
  /** The id of a profile in lib/scenario/vendors/; the loader admits no other. */
  vendor: string;
  idp: {
    /** may contain {base_url} and {tenant_id} */
    entityId: string;
    tenantId?: string;
    /** may contain {tenant_id} */
    paths: ScenarioPaths;
    metadata: { signed: boolean; withId: boolean; wsFedRoleDescriptors: boolean; validDays?: number };
    signing: {
      response: boolean;
      assertion: boolean;
      signatureAlgorithm: 'rsa-sha256' | 'rsa-sha1';
      digestAlgorithm: 'sha256' | 'sha1';
    };
    nameId: {
      format: NameIdFormat;
      from: keyof ScenarioUser | 'random';
      nameQualifier?: boolean;
      spNameQualifier?: boolean;
    };
    attributes: AttributeRule[];
    /** NotOnOrAfter - IssueInstant */
    assertionLifetimeSeconds: number;
    /** NotBefore = IssueInstant - this */
    notBeforeSkewSeconds: number;
    sessionNotOnOrAfterSeconds?: number;
    authnContextClassRef: string;
    idpInitiated: boolean;
  };
  /** explicit users first, then the generated ones */
  users: ScenarioUser[];
  directory: {
    seed: number;
    count: number;
    domain: string;
    password: string;
    /** pool the generated users draw 0 to 2 groups from */
    groups?: string[];
  };
  /** Several IdPs with routing rules (lib/scenario/routing-scenario.ts); SP targets only. */
  routing?: ScenarioRouting;
}

/** Endpoint paths of an OpenID Provider, below its issuer's path. */
export interface OidcPaths {
  authorization: string;
  token: string;
  userinfo: string;
  jwks: string;
  endSession: string;
  /** The sign-in page; the interaction id follows it (`<login>/<uid>`). */
  login: string;
}

/**
 * Which claims an OP sends and in what shape: `standard` is OIDC Core 5.1 (sub, name, given_name,
 * family_name, preferred_username, email, email_verified, address, phone_number,
 * phone_number_verified) plus groups; `entra` is Entra ID's v2.0 tokens (an opaque sub, oid, tid,
 * ver "2.0", preferred_username the UPN, name, groups), without the address and phone scopes.
 */
export type OidcClaimDialect = 'standard' | 'entra';

/** An OpenID Connect scenario: the OP the simulators play (`protocol: oidc`). */
export interface OidcScenario {
  file: string;
  id: string;
  title: string;
  description: string;
  protocol: 'oidc';
  /** A profile of lib/scenario/vendors/, for the login page's look and the certificate names. */
  vendor: string;
  op: {
    /** The issuer identifier; may contain {base_url} and {tenant_id}. The provider is served below its path. */
    issuer: string;
    tenantId?: string;
    paths: OidcPaths;
    claims: OidcClaimDialect;
    /** More groups than this and the token carries the groups overage form (OIDC Core 5.6.2) instead. */
    groupsLimit?: number;
    /** How the JWKS names keys (RFC 7638 thumbprint, or x5t as Entra ID), and whether it carries x5c/x5t. */
    keys: { kid: 'thumbprint' | 'x5t'; certificates: boolean };
    idTokenLifetimeSeconds: number;
    accessTokenLifetimeSeconds: number;
    /** Whether discovery offers a registration_endpoint (OIDC Dynamic Client Registration 1.0). */
    dynamicRegistration: boolean;
  };
  /** explicit users first, then the generated ones */
  users: ScenarioUser[];
  directory: Scenario['directory'];
}

/** Any scenario file, told apart by `protocol`. */
export type AnyScenario = Scenario | OidcScenario;

export const OIDC_PATH_DEFAULTS: OidcPaths = {
  authorization: '/auth',
  token: '/token',
  userinfo: '/me',
  jwks: '/jwks',
  endSession: '/session/end',
  login: '/interaction',
};

export const NAME_ID_FORMATS = [
  'transient',
  'persistent',
  'emailAddress',
  'unspecified',
] as const satisfies ReadonlyArray<NameIdFormat>;

export const NAME_ID_FORMAT_URNS: Record<NameIdFormat, string> = {
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
};

/** Where a NameID's value comes from when only its Format is given. */
export const NAME_ID_SOURCE: Record<NameIdFormat, keyof ScenarioUser | 'random'> = {
  transient: 'random',
  persistent: 'objectId',
  emailAddress: 'email',
  unspecified: 'username',
};

export const ATTRIBUTE_NAME_FORMAT_URNS: Record<NonNullable<AttributeRule['nameFormat']>, string> = {
  uri: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
  basic: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
  unspecified: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
};

/** Placeholders scenario strings may use; the simulator fills them when it starts. */
export const SCENARIO_TEMPLATE_VARS = ['base_url', 'tenant_id'] as const;
