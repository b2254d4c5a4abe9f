/**
 * Routing rules of one organisation. Seed ("Routing rules tab"): a rule has a "Rule name", a
 * routing type ("domain or group"), "the domains/groups within your organization" and "Then use
 * this identity provider"; rules are activated, deactivated, deleted and ordered by priority; "The
 * Default rule can't be deactivated or deleted, but you can modify the routed IdP".
 */
export type RuleType = 'domain' | 'group';

export interface RoutingRule {
  name: string;
  /** Absent on the default rule, which matches every address that no other rule matched. */
  type?: RuleType;
  values: string[];
  /** The IdP it routes to: a SAML IdP by entityID, or BUILT_IN_IDP. */
  idp: string;
  /** Lower runs first; unique among the rules. The default rule has none: it runs last. */
  priority?: number;
  active: boolean;
  default?: true;
}

export interface RoutingConfig {
  /** In the order they were added (the priority-ignored defect evaluates them so). */
  rules: RoutingRule[];
}

/** The id the organisation's built-in identity IdP (local password sign-in) goes by in rules. */
export const BUILT_IN_IDP = 'builtin';

const text = { type: 'string', minLength: 1, maxLength: 256 };

/** One rule as the admin API and the routing hook of a profile take it (JSON Schema, for ajv). */
export const RULE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'idp'],
  properties: {
    name: text,
    type: { type: 'string', enum: ['domain', 'group'] },
    values: { type: 'array', items: text, maxItems: 100 },
    idp: { type: 'string', minLength: 1, maxLength: 1024 },
    priority: { type: 'integer', minimum: 1, maximum: 10000 },
    active: { type: 'boolean' },
    default: { const: true },
  },
} as const;

/** The whole set of rules, replaced at once. */
export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['rules'],
  properties: { rules: { type: 'array', items: RULE_SCHEMA, minItems: 1, maxItems: 200 } },
} as const;

export interface RuleIssue {
  /** A JSON pointer into the rules document. */
  path: string;
  message: string;
  /** input: the rule itself is wrong (unknown IdP, missing part); conflict: it clashes with the others. */
  kind: 'input' | 'conflict';
}

/**
 * The rules of one set that break a life-cycle rule: a rule naming an unknown IdP, two rules of one
 * name or one priority, not exactly one default rule ("When configuring your first IdP, the routing
 * rule is automatically added and is set as the Default rule"), a deactivated default ("The Default
 * rule can't be deactivated").
 */
export function ruleIssues(rules: readonly RoutingRule[], knownIdp: (id: string) => boolean): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const names = new Map<string, number>();
  const priorities = new Map<number, number>();
  rules.forEach((r, i) => {
    if (!knownIdp(r.idp))
      issues.push({
        path: `/rules/${i}/idp`,
        message: `rule "${r.name}" names an unknown IdP "${r.idp}"`,
        kind: 'input',
      });
    const sameName = names.get(r.name.toLowerCase());
    if (sameName !== undefined)
      issues.push({
        path: `/rules/${i}/name`,
        message: `rule name "${r.name}" is already used by rule ${sameName}`,
        kind: 'conflict',
      });
    names.set(r.name.toLowerCase(), i);
    if (r.priority !== undefined) {
      const samePriority = priorities.get(r.priority);
      if (samePriority !== undefined)
        issues.push({
          path: `/rules/${i}/priority`,
          message: `priority ${r.priority} is already held by rule ${samePriority} ("${rules[samePriority].name}"): priorities must be unique`,
          kind: 'conflict',
        });
      priorities.set(r.priority, i);
    }
    if (r.default && (r.type !== undefined || r.priority !== undefined))
      issues.push({
        path: `/rules/${i}`,
        message: `the Default rule "${r.name}" has no type or priority: it runs last`,
        kind: 'input',
      });
    if (!r.default && (r.type === undefined || r.priority === undefined || r.values.length === 0))
      issues.push({
        path: `/rules/${i}`,
        message: `rule "${r.name}" needs a type, one or more values and a priority`,
        kind: 'input',
      });
    if (r.default && r.active === false)
      issues.push({
        path: `/rules/${i}/active`,
        message: "the Default rule can't be deactivated",
        kind: 'conflict',
      });
  });
  const defaults = rules.filter((r) => r.default).length;
  if (defaults !== 1)
    issues.push({
      path: '/rules',
      message: `exactly one rule must be the default rule (default: true), found ${defaults}`,
      kind: 'conflict',
    });
  return issues;
}
