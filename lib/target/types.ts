import type { CheckId } from '../checks/catalog.ts';
import type { Protocol, Role } from '../protocol/roles.ts';
import type { NameIdFormat, ScenarioUser, UserAddress } from '../scenario/types.ts';

/** CSS selectors of a target's sign-in form, and of the steps around it some products take. */
export interface LoginForm {
  /** Buttons of pages shown before the form (a choice of account or connector), each pressed when it shows. */
  before?: string[];
  username: string;
  /** Identifier-first: pressed after the user name when the password field is not shown yet. */
  next?: string;
  password: string;
  submit: string;
  /** Buttons of pages shown once the password is taken (consent, "Stay signed in?"), each pressed when it shows. */
  after?: string[];
}

export interface SuccessDetector {
  /** regex source, matched against the page URL; placeholders are filled (regex-escaped) before compiling */
  url?: string;
  /** text that must appear, may contain {email},{username},{firstName},{lastName} */
  text?: string;
}

export type Binding = 'redirect' | 'post';

/**
 * Where a target shows its application what it was given: an SP, what the IdP asserted; an RP, the
 * claims (JSON {sub, claims: {name: value}}). An SP's page may be JSON {nameId, attributes: {name:
 * [values]}}, `name<delimiter>value` lines, an HTML table or definition list, or whatever a regex
 * with groups `name` and `value` reads.
 */
export interface EchoPage {
  /** URL template; default: the page the login ends on. */
  url?: string;
  /** CSS selector of the element holding the echo; the loader fills the default, body. */
  selector: string;
  format: EchoFormat;
  /** lines: what separates a name from its value (first occurrence); default '='. */
  delimiter?: string;
  /** lines, table, regex: splits one shown value into several. */
  valueSeparator?: string;
  /** regex: source with named groups `name` and `value`, run with flags g and m. */
  pattern?: string;
  /** lines, table, regex: the name the NameID is shown under. */
  nameId?: string;
  /** 'cgi': attribute names reach the application as CGI environment names ([^A-Za-z0-9_] → '_'). */
  attributeNames?: 'as-sent' | 'cgi';
}

export type EchoFormat = 'json' | 'lines' | 'table' | 'regex';

/** Role sp: just-in-time provisioning, and where the SP shows a user as it stored them. */
export interface JitProvisioning {
  create?: boolean;
  update?: boolean;
  /** How a known user's stored groups follow the asserted ones at a later sign-in. */
  groups?: 'additive' | 'replace';
  /** The page showing the signed-in user's stored record (default: where the login ends), one CSS selector per field. */
  record: { url?: string; email?: string; firstName: string; lastName: string; groups?: string };
}

export interface TargetUser {
  username: string;
  password: string;
  email: string;
  firstName?: string;
  lastName?: string;
  /** Role op: the user's phone number at the OP; without it OP-SCOPE-CLAIMS does not judge the phone scope. */
  phone?: string;
  /** Role op: the user's address at the OP; without it OP-SCOPE-CLAIMS does not judge the address scope. */
  address?: UserAddress;
}

/** Role rp: the client the target is registered as at the OP simulator (templates may use {base_url}). */
export interface OidcClient {
  id: string;
  secret: string;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  /** Space-separated scopes the target asks for; the OP allows these (default "openid profile email"). */
  scope?: string;
}

/** What an OIDC target is and does (role rp today; role op adds its discovery URL). */
export interface OidcProfile {
  client: OidcClient;
  /** rp: starts RP-initiated logout at the OP's end_session_endpoint (logout.start begins it). */
  rpLogout?: boolean;
  /** rp: the claim its users are known by; the OP simulator sends it (default "email"). */
  userClaim?: string;
}

/** Role op: a client Accord signs in as, registered at the OP (by the profile's exchange, or beforehand). */
export interface OpClientCredentials {
  id: string;
  secret: string;
  tokenEndpointAuthMethod: 'client_secret_basic' | 'client_secret_post';
}

/** A client of op.clients: id and secret given, or (op.dynamicRegistration) left for the OP to issue. */
export type OpClientSetting = Pick<OpClientCredentials, 'tokenEndpointAuthMethod'> &
  Partial<Pick<OpClientCredentials, 'id' | 'secret'>>;

/** Role op: Accord registers its clients at the OP's registration_endpoint (RFC 7591, OIDC Dynamic Client Registration 1.0). */
export interface OpDynamicRegistration {
  /** RFC 7591 3: the bearer token an OP may require of a registration request. */
  initialAccessToken?: string;
}

/** Role op: where the OP publishes itself, the clients Accord uses, and what the OP offers beyond the OP Basic plan. */
export interface OpTargetSettings {
  /** The issuer; its discovery document is at issuer + /.well-known/openid-configuration. Or discoveryUrl. */
  issuer?: string;
  discoveryUrl?: string;
  /** The redirect URI registered for every client: the browser is sent there, and Accord reads it without loading it. */
  redirectUri: string;
  /** Registered as post_logout_redirect_uri (RP-initiated logout). */
  postLogoutRedirectUri?: string;
  /** CSS selector of the button that confirms a logout, for an OP that asks the user first. */
  logoutConfirm?: string;
  /** CSS selector of the button of a page an OP shows before its login form to re-authenticate a signed-in user. */
  reauthConfirm?: string;
  /** The first client_secret_basic client runs the flows; a client_secret_post one makes OP-TOKEN-AUTH-POST apply. */
  clients: OpClientSetting[];
  /** Set: each client is registered at the discovery document's registration_endpoint, which issues its id and secret. */
  dynamicRegistration?: OpDynamicRegistration;
  /** Scopes the flows ask for (default "openid profile email"). */
  scope?: string;
  /** Claims each scope must return for the test user (OP-SCOPE-CLAIMS): e.g. { email: [email] }. */
  scopeClaims?: Record<string, string[]>;
  capabilities?: { refreshTokens?: boolean; rpLogout?: boolean; userinfoPost?: boolean };
}

export interface TargetProfile {
  file: string;
  name: string;
  description?: string;
  /** The schema admits the roles and protocols the harness has an adapter for (saml2: sp, idp; oidc: rp). */
  role: Role;
  protocol: Protocol;
  /** built-in simulator the harness starts for this target; base_url then comes from it */
  builtin?: { simulator: Role; defects?: string[]; options?: Record<string, unknown> };
  /** required unless builtin */
  baseUrl?: string;
  /** saml2 (required): exactly one; may use {base_url}; a file is resolved against the profile's folder. oidc: absent. */
  metadata?: { url?: string; file?: string };
  /** protocol oidc: the client registration and what the OIDC target does. */
  oidc?: OidcProfile;
  /**
   * How the counterpart reaches the target: POST it to a URL, run a command, or the operator does
   * it. saml2: the counterpart's metadata; oidc: the OP's discovery URL and the client credentials
   * (POSTed as JSON RpOpSettings). ssoBindings (role sp): the only SingleSignOnService bindings
   * that IdP metadata publishes, for SPs that pick their AuthnRequest binding from it.
   */
  exchange?: { post?: string; command?: string; manual?: boolean; ssoBindings?: Binding[] };
  /** saml2: what the target declares. oidc profiles have none: the loader fills every capability as false. */
  capabilities: {
    spInitiated: boolean;
    idpInitiated: boolean;
    slo: boolean;
    signedRequests?: boolean;
    /** sp: decrypts assertions encrypted to its metadata's encryption certificate. */
    encryptedAssertions?: boolean;
    bindings: Binding[];
  };
  // roles sp and rp:
  login?: {
    /** sp: one URL per AuthnRequest binding; rp: redirect, the page that sends the browser to the OP. */
    start: { redirect?: string; post?: string };
    /** A start page that asks first (email-first, an SSO button): fields to fill (selector to template) and the button. */
    startForm?: { fill?: Record<string, string>; submit: string };
    success: SuccessDetector;
    relayState?: string;
    /** sp: where an unsolicited Response lands: a RelayState to send, and/or a page showing the session. */
    unsolicited?: { relayState?: string; signedIn?: { url: string; text: string } };
    echo?: EchoPage;
  };
  logout?: { start: string; success?: SuccessDetector };
  // role sp:
  /** Several IdPs with routing rules: how the suite sets the rules and starts email-first sign-in. */
  routing?: RoutingProfile;
  jit?: JitProvisioning;
  // roles idp and op:
  loginForm?: LoginForm;
  users?: TargetUser[] | { url: string };
  /** URL template with {sp_entity_id} {relay_state} */
  idpInitiated?: { start: string };
  /** Role idp: the identity service the IdP is set up for; webex makes the Webex rules (uid = email) apply. */
  identityService?: 'webex';
  /** Role idp: the attribute carrying the user's email (uid for webex). */
  emailAttribute?: string;
  /** Role sp: the NameID the SP needs. Role idp: the NameID the IdP is set up to send. */
  nameId?: TargetNameId;
  clockSkewSeconds?: number;
  /** `intermittent`: the finding shows on some runs only (a verdict on time); a pass does not make it stale. */
  knownFindings?: Array<{ check: CheckId; reason: string; evidence?: string; intermittent?: boolean }>;
  /**
   * Role sp: how the target takes new IdP metadata during a run (the IdP's key rollover). Exactly
   * one of: `exchange: true`, the profile's exchange handing it again; `command`, a hook run with
   * {metadata_file} and {metadata_url}; `pollSeconds`, the target re-reads the IdP metadata URL by
   * itself at least that often (validUntil, cacheDuration or its own schedule); `manual: true`, it
   * cannot within a run. Absent: as manual.
   */
  metadataRefresh?: MetadataRefresh;
  /**
   * Roles sp and idp: how Accord makes the target roll its own key over (sp: its encryption key;
   * idp: its signing key): three hooks, or `manual: true`. Absent: as manual.
   */
  keyRollover?: KeyRollover;
  /**
   * Role sp: the target can require IdP metadata signed by a certificate of a trust anchor (seed:
   * "More secure (signed by a public CA)"), and how Accord installs its test CA as an anchor,
   * uploads IdP metadata in that mode and removes what it uploaded. Absent: SP-META-TRUST is skipped.
   */
  metadataTrust?: MetadataTrust;
  /** Role op: the OP's issuer, Accord's clients and the OP's optional capabilities. */
  op?: OpTargetSettings;
}

/**
 * Placeholders profile templates may use. The harness fills them at run time:
 * base_url (the target's, or its built-in simulator's), relay_state, sp_entity_id, idp_entity_id,
 * idp_name (routing.oidc.exchange: the routing scenario's name for the OP handed),
 * metadata_url / metadata_file (the counterpart's metadata, for exchange.command),
 * aggregate_metadata_file (sp, exchange.command: every IdP of the run in one EntitiesDescriptor),
 * ca_pem / ca_file (sp, metadataTrust: the trust anchor Accord installs, as PEM text or a file),
 * issuer / discovery_url / client_id / client_secret (oidc: the OP simulator and the client it registered),
 * and the signed-in user's email, username, firstName, lastName.
 */
export const TARGET_TEMPLATE_VARS = [
  'base_url',
  'relay_state',
  'token',
  'sp_entity_id',
  'idp_entity_id',
  'idp_name',
  'metadata_url',
  'metadata_file',
  'aggregate_metadata_file',
  'issuer',
  'discovery_url',
  'client_id',
  'client_secret',
  'ca_pem',
  'ca_file',
  'email',
  'username',
  'firstName',
  'lastName',
] as const;

export type TargetTemplateVar = (typeof TARGET_TEMPLATE_VARS)[number];

export type NameIdSource = keyof ScenarioUser | 'random';

export interface TargetNameId {
  format: NameIdFormat;
  from?: NameIdSource;
}

/** How an SP target takes new IdP metadata (TargetProfile.metadataRefresh): exactly one field is set. */
export interface MetadataRefresh {
  exchange?: true;
  command?: string;
  pollSeconds?: number;
  manual?: true;
  /** After exchange or command: seconds the target needs before it uses what it was handed. */
  settleSeconds?: number;
}

/**
 * A step Accord has the target take: an HTTP request (2xx expected) or a command (exit 0). The
 * strings of `body` are templates too, filled before it is sent as JSON.
 */
export interface TargetHook {
  url?: string;
  method?: 'POST' | 'PUT' | 'DELETE';
  body?: Record<string, unknown>;
  command?: string;
}

/** One step of a key rollover. */
export type RolloverHook = TargetHook;

export const ROLLOVER_STEPS = ['publish', 'switch', 'retire'] as const;
export type RolloverStep = (typeof ROLLOVER_STEPS)[number];

/** How a target rolls its own key over (TargetProfile.keyRollover): every step, or manual. */
export type KeyRollover = Partial<Record<RolloverStep, RolloverHook>> & {
  manual?: true;
  /** Seconds the target needs after each hook before it serves what the hook changed. */
  settleSeconds?: number;
};

/** Role sp: how the routing suite drives an SP that routes users to several IdPs. */
export interface RoutingProfile {
  /** Where the rules document goes: PUT as JSON to a URL, or a command given {rules_file}. */
  rules: { put?: string; command?: string };
  /** URL template with {email}: begins email-first sign-in. */
  start: string;
  /**
   * The SP's own password sign-in: its id in rules, a regex of its page's URL, how its users are
   * set (the document { users: [{ email, password, firstName, lastName, displayName, groups }] }
   * PUT as JSON to a URL, or a command given {users_file}) and the CSS selectors of its form.
   */
  builtinIdp?: {
    id: string;
    landing: string;
    users?: { put?: string; command?: string };
    loginForm?: { username: string; password: string; submit: string };
  };
  /**
   * OpenID Connect IdPs of a routing scenario: the client the SP is registered as at each OP, and
   * how it is handed one (as an OIDC target's exchange, {idp_name} naming the scenario's entry).
   */
  oidc?: { client: OidcClient; exchange: { post?: string; command?: string } };
  /** URL template with {idp_id}: begins a "Test SSO setup" sign-in against that IdP. */
  testSso?: string;
}

/**
 * Role sp: how Accord has the target judge IdP metadata in its mode that requires signed metadata
 * (TargetProfile.metadataTrust).
 */
export interface MetadataTrust {
  /** Installs Accord's test CA as a trust anchor: {ca_pem} (PEM text) or {ca_file} (a file holding it). */
  anchor: TargetHook;
  /**
   * Uploads IdP metadata in the mode that requires it signed: `post`, a URL the XML is POSTed to
   * (2xx accepted), or `command`, given {metadata_file} (exit 0 accepted). `refusal`: a regex that,
   * found in the answer's body or the command's output, says refused whatever the status.
   */
  upload: { post?: string; command?: string; refusal?: string };
  /** Removes an IdP the upload accepted, named by {idp_entity_id}. */
  remove?: TargetHook;
  /** Removes the trust anchor again ({ca_pem}, {ca_file} as for anchor). */
  removeAnchor?: TargetHook;
  /** Seconds the target needs after the anchor hook before it judges with the new anchor. */
  settleSeconds?: number;
}
