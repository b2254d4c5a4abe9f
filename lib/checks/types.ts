import type { Role } from '../protocol/roles.ts';
import type { Flow } from './flows.ts';
import type { SpecRef } from './spec-refs.ts';

export type CheckLevel = 'MUST' | 'SHOULD';
/**
 * `inconclusive`: the verdict could not be reached for a reason that is not the checked behaviour
 * (the trust exchange or the sign-in it needs broke). It is neither a pass nor a failure of the
 * target: the run says "could not test".
 */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'inconclusive';

/**
 * What a target profile must declare for a check to apply; elsewhere the check is skipped with
 * the reason. Read by `declares` in lib/target.
 */
export type Applicability =
  | 'encryptedAssertions'
  | 'jitCreate'
  | 'jitUpdate'
  | 'jitGroups'
  | 'noIdpInitiated'
  | 'nameIdProfile'
  /** idp: the IdP is meant for the Webex identity service (identityService: webex). */
  | 'webexIdentityService'
  /** rp: the profile shows the application's claims (login.echo). */
  | 'claimsEcho'
  /** The target takes a new counterpart configuration without a person (exchange post or command). */
  | 'automaticExchange'
  /** rp: RP-initiated logout (oidc.rpLogout). */
  | 'rpLogout'
  /** rp: a back-channel logout URI (oidc.client.backchannelLogoutUri). */
  | 'backchannelLogout'
  /** sp: the target takes new IdP metadata within a run (metadataRefresh, not manual). */
  | 'metadataRefresh'
  /** sp, idp: Accord can make the target roll its own key over (keyRollover hooks; sp: it decrypts). */
  | 'keyRollover'
  /** op: the profile has a client using client_secret_post (op.clients). */
  | 'opClientSecretPost'
  /** op: userinfo takes POST (op.capabilities.userinfoPost). */
  | 'opUserinfoPost'
  /** op: the OP issues refresh tokens (op.capabilities.refreshTokens). */
  | 'opRefreshTokens'
  /** op: RP-initiated logout (op.capabilities.rpLogout). */
  | 'opRpLogout'
  /** sp: several IdPs with routing rules, and how the suite sets the rules (routing). */
  | 'routing'
  /** sp: Accord can install a metadata trust anchor and upload IdP metadata that must be signed (metadataTrust). */
  | 'metadataTrust';

/** A catalog entry as written: the id is its key. */
export interface CheckSpec {
  title: string;
  level: CheckLevel;
  flow: Flow;
  /** The clauses the requirement comes from; its level is theirs. */
  refs: readonly SpecRef[];
  /** The verdict needs the target to sign the genuine user in (the flow itself, or the control after a refusal). */
  needsSignIn?: boolean;
  appliesIf?: Applicability;
}

/** A verifiable requirement with a stable id. */
export interface CheckDef<Id extends string = string> extends CheckSpec {
  id: Id;
  /** Role of the target this check judges. */
  role: Role;
  /** The references as one line of text, for reports and logs. */
  spec: string;
}

/** What a suite records for one check; carried as a Playwright annotation of type `accord.check`. */
export interface CheckResult {
  id: string;
  title: string;
  level: CheckLevel;
  spec: string;
  refs?: readonly SpecRef[];
  role: Role;
  flow: string;
  status: CheckStatus;
  /** Why it passed, failed or was skipped, in words a vendor can act on. */
  detail: string;
  target: string;
  scenario: string;
  /** The title of the test that judged it: rows of one check from several tests differ by it. */
  test?: string;
  /** The binding the test ran over, when it runs once per binding (HTTP-Redirect, HTTP-POST). */
  binding?: string;
  /** How the check was carried out otherwise than the profile declares; also said in `detail`. */
  note?: string;
}

export const CHECK_ANNOTATION = 'accord.check';
/** The checks a suite test declares it records, as a test annotation. */
export const DECLARES_ANNOTATION = 'accord.declares';
/** The binding a test runs over, when it runs once per binding: copied into each check it records. */
export const BINDING_ANNOTATION = 'accord.binding';
