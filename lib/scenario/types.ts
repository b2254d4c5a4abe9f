export type NameIdFormat = 'transient' | 'persistent' | 'emailAddress' | 'unspecified';

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
}

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
