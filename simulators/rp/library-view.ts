import * as oidc from 'openid-client';
import type { RpDefectName } from './defects.ts';
import { ISS_PARAMETER_RULE, STATE_RULE } from './rules/authorization-response.ts';
import { DISCOVERY_ISSUER_RULE } from './rules/discovery.ts';
import { activeCheck, type Rule, weakensLibraryRule } from './rules/rule.ts';
import { ID_TOKEN_RULES } from './rules/tables.ts';
import { USERINFO_SUB_RULE } from './rules/userinfo.ts';
import type { PendingAuthorization } from './sessions.ts';

const weakened = <T, X>(rule: Rule<T, X>, defects: ReadonlySet<RpDefectName>) =>
  activeCheck(rule, defects) !== rule.check;

/**
 * What openid-client is shown, so that it enforces every rule the RP enforces and none that a
 * seeded defect weakened. The clean RP shows it everything; each departure below is taken only
 * when a defect weakens a rule the library would otherwise apply on its own.
 */
export class LibraryView {
  constructor(private readonly defects: ReadonlySet<RpDefectName>) {}

  /** The library's state check, or its own switch to skip it. */
  expectedState(request: PendingAuthorization): string | undefined | typeof oidc.skipStateCheck {
    return weakened(STATE_RULE, this.defects) ? oidc.skipStateCheck : request.state;
  }

  /**
   * The library refuses a foreign RFC 9207 iss with no switch: when the RP ignores the parameter,
   * the library is given the response with iss set to the issuer, as if the OP had sent it.
   */
  callbackUrl(received: URL, issuer: string): URL {
    if (!weakened(ISS_PARAMETER_RULE, this.defects)) return received;
    const url = new URL(received);
    url.searchParams.set('iss', issuer);
    return url;
  }

  /**
   * The library validates iss, aud, azp, sub, iat, exp, nonce and alg of an ID token it sees, with
   * no switch. When a defect weakens one of those, the ID token is kept out of its view and the
   * RP's own rules (with that one weakened) are all that judge it.
   */
  get hidesIdToken(): boolean {
    return weakensLibraryRule(ID_TOKEN_RULES, this.defects);
  }

  /** The library's userinfo sub comparison, or its switch to skip it (also when there is no sub to compare). */
  userinfoSubject(sub: string | undefined): string | typeof oidc.skipSubjectCheck {
    return sub === undefined || weakened(USERINFO_SUB_RULE, this.defects) ? oidc.skipSubjectCheck : sub;
  }

  /**
   * openid-client compares the discovered issuer with the URL it was given as the issuer, and
   * takes a URL that already names the document as-is, unchecked (its documented way to skip).
   */
  discoveryTarget(issuer: string, documentUrl: string): URL {
    return new URL(weakened(DISCOVERY_ISSUER_RULE, this.defects) ? documentUrl : issuer);
  }
}
