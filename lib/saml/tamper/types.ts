import type { KeyObject } from 'node:crypto';

export interface TamperKey {
  key: KeyObject;
  certPem: string;
}

export interface TamperContext {
  /** The identity the mutation makes a vulnerable SP see (an email address). */
  attackerNameId: string;
  /** The attacker's own key and certificate, which the SP does not trust; for attacks that re-sign. */
  attackerKey: TamperKey;
  /** The genuine IdP key: only the algorithm downgrade re-signs with it. */
  realKey?: TamperKey;
  /** Values to inject for attacks that change where or whom a message is for. */
  otherAudience?: string;
  otherDestination?: string;
  otherIssuer?: string;
  /** SYSTEM identifier of the external entity in doctype-xxe (an out-of-band listener, typically). */
  xxeUrl?: string;
}

export interface TamperDef {
  /** Stable id, used in scenarios, traces and reports. */
  name: string;
  title: string;
  /** The spec clause, CVE or published research the attack comes from. */
  source: string;
  /** Which part must be signed in the genuine Response for the attack to make sense. */
  needs: 'response-signature' | 'assertion-signature' | 'any';
  /** Genuine signed samlp:Response in, mutated message out; throws TamperNotApplicable when the input lacks what the attack needs. */
  apply(xml: string, ctx: TamperContext): string;
}

/** The genuine message lacks what the attack mutates (no signature where one is needed, no matching NameID…). */
export class TamperNotApplicable extends Error {
  constructor(
    readonly tamper: string,
    message: string,
  ) {
    super(`${tamper}: ${message}`);
    this.name = 'TamperNotApplicable';
  }
}
