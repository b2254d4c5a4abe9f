/** Whether a project's setup lets Accord judge its target at all (trust exchanged, target reachable). */
export interface PreflightVerdict {
  ok: boolean;
  /** Where a genuine login broke, in words a vendor can act on. */
  reason: string;
}
