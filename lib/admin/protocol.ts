import type { UserAddress } from '../scenario/types.ts';

/**
 * The simulators' HTTP admin API, under `/__accord`. Suites and the harness speak only this,
 * so simulators may run in-process, in docker-compose or on another host.
 *
 *   GET  /__accord/health                  -> Health
 *   GET  /__accord/info                    -> IdpInfo | SpInfo
 *   POST /__accord/peers   (metadata XML)  -> { entityId }    trust a counterpart
 *        ?nameIdFormat=…&nameIdFrom=…  (IdP simulator) the NameID that SP needs
 *   GET  /__accord/trace?flow=&since=      -> TraceEntry[], oldest first, a bounded amount per answer:
 *        when more matched, header Accord-Trace-Next-Since names the seq to ask again `since`
 *   PUT  /__accord/flows/:flow  (IdP)      -> ResponsePlan applied to every Response of that flow
 *   GET  /__accord/test-users   (IdP)      -> TestUser[]
 *   GET  /__accord/idp-initiated?sp=&RelayState=  (IdP, browser) unsolicited Response to a trusted SP
 *   POST /__accord/logout-requests  (IdP)  LogoutRequestOrder -> IssuedLogoutRequest, signed, not sent
 *   GET  /__accord/users        (SP)       -> the SP's user directory
 *   GET  /__accord/rollover     (IdP)      -> RolloverState: current, next and retired signing certificates
 *   POST /__accord/rollover/next?from=new|retired  (IdP) -> RolloverState, a next key published beside current
 *   DELETE /__accord/rollover/next  (IdP) -> RolloverState, the rollover abandoned before promotion
 *   POST /__accord/rollover/promote  (IdP) -> RolloverState, next signs from now on, current retired
 *   DELETE /__accord/rollover/retired (IdP) -> RolloverState, retired keys forgotten
 */

/** Set on a trace answer that stopped short: ask again with since=<its value> for the rest. */
export const TRACE_NEXT_HEADER = 'Accord-Trace-Next-Since';
export interface Health {
  ok: true;
  role: 'idp' | 'sp' | 'op' | 'rp';
  name: string;
  scenario?: string;
  defects: string[];
}

export interface IdpInfo {
  role: 'idp';
  entityId: string;
  baseUrl: string;
  metadataUrl: string;
  ssoUrl: string;
  sloUrl: string;
  idpInitiatedUrl: string;
  scenario: string;
}

export interface SpInfo {
  role: 'sp';
  entityId: string;
  baseUrl: string;
  metadataUrl: string;
  acsUrl: string;
  loginUrl: string;
  /** Where a signed-in browser starts SP-initiated single logout. */
  logoutUrl: string;
  /** The SingleLogoutService, for Redirect and POST. */
  sloUrl: string;
  orgId: string;
}

export interface TestUser {
  username: string;
  password: string;
  email: string;
  firstName?: string;
  lastName?: string;
  /** What the OP holds of the user beyond the name and email: OP-SCOPE-CLAIMS judges the phone scope with it. */
  phone?: string;
  /** OP-SCOPE-CLAIMS judges the address scope with it. */
  address?: UserAddress;
}

/** What the IdP simulator changes in the Responses of one flow, to probe how a target SP reacts. */
export interface ResponsePlan {
  audience?: string;
  destination?: string;
  recipient?: string;
  issuer?: string;
  /** null removes InResponseTo. */
  inResponseTo?: string | null;
  nameId?: string;
  /** Seconds added to IssueInstant, NotBefore, NotOnOrAfter and SubjectConfirmationData NotOnOrAfter. */
  timeShiftSeconds?: number;
  /**
   * Conditions NotBefore, Conditions NotOnOrAfter and bearer SubjectConfirmationData NotOnOrAfter,
   * each in seconds from the Response's IssueInstant; the IdP sets them after building the Response
   * and signs it again with its own key. Cannot be combined with `tamper`.
   */
  notBeforeSeconds?: number;
  notOnOrAfterSeconds?: number;
  subjectConfirmationNotOnOrAfterSeconds?: number;
  sign?: { response?: boolean; assertion?: boolean };
  /** Sign with a freshly made key that is not in the IdP metadata (its certificate in KeyInfo). */
  untrustedKey?: boolean;
  /**
   * Which key of the IdP's keyring signs (default current): `next`, published but not yet in use,
   * or `retired`, the newest key a rollover retired (GET /__accord/rollover).
   */
  signingKey?: 'current' | 'next' | 'retired';
  signatureAlgorithm?: 'rsa-sha256' | 'rsa-sha1';
  omitAttributes?: string[];
  /** Replace RelayState on the way back. */
  relayState?: string;
  /** A named mutation of lib/saml/tamper applied to the signed Response. */
  tamper?: string;
  /** Parameters of the mutation: the http URL doctype-xxe points its DTD and entities at. */
  tamperOptions?: { xxeUrl?: string };
  /**
   * Encrypt the (signed) assertion to the encryption certificate in the SP's metadata, RSA-OAEP key
   * transport and `data` content encryption (default aes256-cbc, what AD FS uses); a Response
   * signature then covers the EncryptedAssertion. Cannot be combined with `tamper`. `certificate`:
   * which encryption certificate of the SP's metadata, as the IdP holds it, by position (default 0,
   * the first): an SP rolling its encryption key over publishes several.
   */
  encryptAssertion?: {
    data?: 'aes128-cbc' | 'aes256-cbc' | 'aes128-gcm' | 'aes256-gcm';
    certificate?: number;
  };
  /**
   * Assert these fields of the signed-in user as if the directory held them, in the NameID and every
   * attribute drawn from them: a user the target has never seen, or one whose name has changed,
   * for just-in-time provisioning.
   */
  userFields?: Partial<Record<AssertedUserField, string>> & { groups?: string[] };
}

/** The IdP simulator's signing keyring, PEM certificates (GET /__accord/rollover). */
export interface RolloverState {
  current: string;
  /** Published beside current ahead of use; null outside a rollover. */
  next: string | null;
  /** Newest first. */
  retired: string[];
  /** The signing certificates the metadata publishes, in order. */
  published: string[];
  /** Counts every change of the keyring. */
  generation: number;
}

/** The single-valued user fields a ResponsePlan may replace (and `groups`, a list). */
export const ASSERTED_USER_FIELDS = ['email', 'upn', 'firstName', 'lastName', 'displayName'] as const;
export type AssertedUserField = (typeof ASSERTED_USER_FIELDS)[number];

/**
 * An IdP-initiated LogoutRequest to issue for `user` at the SP `sp` (its entityID). With `flow`,
 * and a Response sent to that SP in that flow, the request names that Response's NameID and
 * SessionIndex; otherwise the NameID the IdP would assert for `user`, without SessionIndex.
 */
export interface LogoutRequestOrder {
  sp: string;
  /** A scenario username. */
  user: string;
  binding: 'redirect' | 'post';
  flow?: string;
  relayState?: string;
}

/** A signed LogoutRequest for whoever delivers it to the SP's SingleLogoutService. */
export interface IssuedLogoutRequest {
  id: string;
  /** The SP's SingleLogoutService Location for the binding, also the request's Destination. */
  url: string;
  /** HTTP-Redirect: the signed query (SAMLRequest, RelayState, SigAlg, Signature) to append to url. */
  query?: string;
  /** HTTP-POST: the base64 of the enveloped-signed LogoutRequest, the SAMLRequest form field. */
  samlRequest?: string;
  relayState?: string;
}
