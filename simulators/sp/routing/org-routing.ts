import {
  BUILT_IN_IDP,
  type RoutingConfig,
  type RoutingRule,
  ruleIssues,
} from '../../../lib/routing/rules.ts';
import { PeerStore } from '../../../lib/state/peer-store.ts';
import type { StateDb } from '../../../lib/state/state-db.ts';
import type { IdpPeers } from '../peers.ts';
import { RoutingError } from './routing-error.ts';

export type RuleInput = Omit<RoutingRule, 'active' | 'values'> & { active?: boolean; values?: string[] };

/** What a rule edit may change; the name stays (it is the rule's key). */
export type RulePatch = Partial<Pick<RoutingRule, 'values' | 'idp' | 'priority' | 'active' | 'type'>>;

const KEY = 'rules';

/**
 * The organisation's routing rules, kept as one record in the state database (a keyed record store,
 * the one trusted peers use), so that every change is one atomic write and survives a restart.
 * Until an administrator sets rules, the Default rule routes to the IdP configured first, as Control
 * Hub adds it automatically ("When configuring your first IdP, the routing rule is automatically
 * added and is set as the Default rule").
 */
export class OrgRouting {
  private readonly store: PeerStore<RoutingConfig>;
  /** Test SSO AuthnRequests by ID: their Response is reported, never signed in. */
  private readonly testRequests = new Set<string>();

  constructor(
    db: StateDb,
    orgId: string,
    private readonly peers: IdpPeers,
    /** IdPs of other kinds the organisation holds (its OpenID Connect IdPs, by name). */
    private readonly otherIdp: (id: string) => boolean = () => false,
  ) {
    this.store = new PeerStore<RoutingConfig>(db, `sp:${orgId}:routing`, 1);
  }

  /** Whether rules name this IdP: a SAML IdP's entityID, the built-in one, or an OIDC IdP's name. */
  knows(id: string): boolean {
    return id === BUILT_IN_IDP || this.peers.get(id) !== undefined || this.otherIdp(id);
  }

  rules(): RoutingRule[] {
    const stored = this.store.get(KEY)?.rules;
    if (stored) return stored;
    const first = this.peers.pick();
    return [
      { name: 'Default', default: true, idp: first?.entityId ?? BUILT_IN_IDP, values: [], active: true },
    ];
  }

  /** Whether an administrator set rules (the implicit Default rule aside). */
  get configured(): boolean {
    return this.store.get(KEY) !== undefined;
  }

  /** Replaces every rule at once; throws RoutingError naming each fault. */
  replace(input: readonly RuleInput[]): RoutingRule[] {
    const rules = input.map(normalise);
    this.save(rules);
    return rules;
  }

  add(input: RuleInput): RoutingRule {
    if (input.default)
      throw new RoutingError(409, 'default-rule', 'there is one Default rule: edit its IdP instead');
    const rule = normalise(input);
    this.save([...this.rules(), rule]);
    return rule;
  }

  /**
   * Seed: "The Default rule can't be deactivated or deleted, but you can modify the routed IdP."
   */
  update(name: string, patch: RulePatch): RoutingRule {
    const rules = this.rules();
    const i = this.indexOf(rules, name);
    const rule = rules[i];
    if (rule.default) {
      const others = Object.keys(patch).filter((k) => k !== 'idp');
      if (others.length > 0 || (patch.active as boolean | undefined) === false)
        throw new RoutingError(
          409,
          'default-rule',
          `the Default rule can't be deactivated or reordered, only its IdP changed (got ${others.join(', ')})`,
        );
    }
    const next = { ...rule, ...patch };
    rules[i] = next;
    this.save(rules);
    return next;
  }

  delete(name: string): void {
    const rules = this.rules();
    const i = this.indexOf(rules, name);
    if (rules[i].default) throw new RoutingError(409, 'default-rule', "the Default rule can't be deleted");
    rules.splice(i, 1);
    this.save(rules);
  }

  /**
   * The active rules routing to this IdP; an IdP with any cannot be deleted. Before an administrator
   * sets rules that includes the automatic Default rule of the IdP configured first ("The Default
   * rule can't be deactivated or deleted, but you can modify the routed IdP").
   */
  rulesFor(idp: string): RoutingRule[] {
    return this.rules().filter((r) => r.idp === idp && r.active);
  }

  markTest(requestId: string): void {
    if (this.testRequests.size > 1000) this.testRequests.clear();
    this.testRequests.add(requestId);
  }

  isTest(requestId: string | null | undefined): boolean {
    return requestId ? this.testRequests.has(requestId) : false;
  }

  private indexOf(rules: RoutingRule[], name: string): number {
    const i = rules.findIndex((r) => r.name === name);
    if (i < 0) throw new RoutingError(404, 'rule', `no routing rule is named "${name}"`);
    return i;
  }

  private save(rules: RoutingRule[]): void {
    const issues = ruleIssues(rules, (id) => this.knows(id));
    if (issues.length > 0)
      throw new RoutingError(
        issues.some((x) => x.kind === 'input') ? 400 : 409,
        'rules',
        issues.map((x) => `${x.path}: ${x.message}`).join('; '),
      );
    this.store.put(KEY, { rules });
  }
}

function normalise(r: RuleInput): RoutingRule {
  return {
    ...r,
    values: r.default ? [] : (r.values ?? []).map((v) => (r.type === 'domain' ? v.toLowerCase() : v)),
    active: r.default ? true : (r.active ?? true),
  };
}
