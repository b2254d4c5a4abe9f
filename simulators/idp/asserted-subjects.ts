/** A NameID exactly as a Response carried it: a LogoutRequest must repeat all of it (SAML core 3.7.1). */
export interface AssertedNameId {
  value: string;
  format?: string;
  nameQualifier?: string;
  spNameQualifier?: string;
}

/** Whom the IdP asserted to one SP in one flow, and in which IdP session. */
export interface AssertedSubject {
  user: string;
  nameId: AssertedNameId;
  sessionIndex: string;
  responseId: string;
}

const key = (flow: string, sp: string) => `${flow}\n${sp}`;

/**
 * The subject of the last Response sent to each SP in each flow, so that an IdP-initiated
 * LogoutRequest can name the session the IdP really created (a transient NameID cannot be
 * recomputed). Bounded: the oldest flows fall off first.
 */
export class AssertedSubjects {
  private readonly byFlow = new Map<string, AssertedSubject>();

  constructor(private readonly limit = 10_000) {}

  remember(flow: string, sp: string, subject: AssertedSubject): void {
    const k = key(flow, sp);
    this.byFlow.delete(k);
    this.byFlow.set(k, subject);
    if (this.byFlow.size > this.limit) this.byFlow.delete(this.byFlow.keys().next().value as string);
  }

  latest(flow: string, sp: string): AssertedSubject | undefined {
    return this.byFlow.get(key(flow, sp));
  }
}
