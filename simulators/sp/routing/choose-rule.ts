import type { RoutingRule } from '../../../lib/routing/rules.ts';

/** Flaws a seeded defect puts into rule evaluation (simulators/sp/defects.ts). */
export interface EvaluationFlaws {
  /** routing-priority-ignored: the rule added first wins. */
  priorityIgnored?: boolean;
  /** routing-inactive-rule-used: a deactivated rule still matches. */
  inactiveUsed?: boolean;
  /** routing-no-default: no match does not fall back to the Default rule. */
  noDefault?: boolean;
  /** routing-groups-ignored: group rules never match. */
  groupsIgnored?: boolean;
  /** routing-domain-case-sensitive: the email's domain is compared as typed. */
  domainCaseSensitive?: boolean;
}

export interface Signer {
  email: string;
  /** The stored groups of a known user; none for a user the organisation has never seen. */
  groups: readonly string[];
}

/**
 * The rule that routes this address: the active rules by priority, lowest first (domain rules on
 * the email's domain, group rules on the stored groups of a known user), else the Default rule.
 * Seed: "Routing rules enable Webex to identify which IdP to send your users to when you have
 * configured multiple IdPs."
 */
export function chooseRule(
  rules: readonly RoutingRule[],
  who: Signer,
  flaws: EvaluationFlaws = {},
): RoutingRule | undefined {
  const at = who.email.lastIndexOf('@');
  const typed = at < 0 ? '' : who.email.slice(at + 1);
  // Domain names compare case-insensitively (RFC 4343); the stored values are lower-case.
  const domain = flaws.domainCaseSensitive ? typed : typed.toLowerCase();
  const candidates = rules.filter((r) => !r.default && (r.active || flaws.inactiveUsed));
  const ordered = flaws.priorityIgnored
    ? candidates
    : [...candidates].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
  const matched = ordered.find((r) =>
    r.type === 'domain'
      ? r.values.includes(domain)
      : !flaws.groupsIgnored && r.values.some((g) => who.groups.includes(g)),
  );
  if (matched) return matched;
  return flaws.noDefault ? undefined : rules.find((r) => r.default);
}
