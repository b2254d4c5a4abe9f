export type CheckLevel = 'MUST' | 'SHOULD';
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip';

/** A verifiable requirement with a stable id. */
export interface CheckDef {
  id: string;
  title: string;
  /** Where the requirement comes from: spec section, seed section, CVE or research. */
  spec: string;
  level: CheckLevel;
  /** Role of the target this check judges. */
  role: 'sp' | 'idp';
  flow: string;
}

/** What a suite records for one check; carried as a Playwright annotation of type `accord.check`. */
export interface CheckResult {
  id: string;
  title: string;
  level: CheckLevel;
  spec: string;
  role: 'sp' | 'idp';
  flow: string;
  status: CheckStatus;
  /** Why it passed, failed or was skipped, in words a vendor can act on. */
  detail: string;
  target: string;
  scenario: string;
}

export const CHECK_ANNOTATION = 'accord.check';
