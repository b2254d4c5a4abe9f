import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type RoutingRule, ruleIssues } from '../../lib/routing/rules.ts';
import { chooseRule } from '../../simulators/sp/routing/choose-rule.ts';

const rule = (r: Partial<RoutingRule> & Pick<RoutingRule, 'name' | 'idp'>): RoutingRule => ({
  values: [],
  active: true,
  ...r,
});

// Added in this order: the rule of lower priority first, so "first added wins" differs from priority.
const RULES: RoutingRule[] = [
  rule({ name: 'Everyone at contoso', type: 'domain', values: ['contoso.test'], idp: 'wide', priority: 5 }),
  rule({ name: 'Contractors', type: 'group', values: ['contractors'], idp: 'ping', priority: 1 }),
  rule({
    name: 'Fabrikam',
    type: 'domain',
    values: ['fabrikam.test'],
    idp: 'fab',
    priority: 3,
    active: false,
  }),
  rule({ name: 'Default', default: true, idp: 'builtin' }),
];

test('rules run by priority: a known contractor of contoso goes to the group rule, others to the domain rule', () => {
  assert.equal(chooseRule(RULES, { email: 'a@contoso.test', groups: ['contractors'] })?.idp, 'ping');
  assert.equal(chooseRule(RULES, { email: 'a@contoso.test', groups: [] })?.idp, 'wide');
  assert.equal(chooseRule(RULES, { email: 'a@Contoso.TEST', groups: [] })?.idp, 'wide');
  assert.equal(chooseRule(RULES, { email: 'a@fabrikam.test', groups: [] })?.idp, 'builtin');
  assert.equal(chooseRule(RULES, { email: 'a@elsewhere.test', groups: [] })?.idp, 'builtin');
});

test('each evaluation flaw changes the outcome it is named for, and only that', () => {
  const contractor = { email: 'a@contoso.test', groups: ['contractors'] };
  assert.equal(chooseRule(RULES, contractor, { priorityIgnored: true })?.idp, 'wide');
  assert.equal(
    chooseRule(RULES, { email: 'a@fabrikam.test', groups: [] }, { inactiveUsed: true })?.idp,
    'fab',
  );
  assert.equal(chooseRule(RULES, { email: 'a@elsewhere.test', groups: [] }, { noDefault: true }), undefined);
  assert.equal(chooseRule(RULES, contractor, { groupsIgnored: true })?.idp, 'wide');
  assert.equal(
    chooseRule(RULES, { email: 'a@Contoso.Test', groups: [] }, { domainCaseSensitive: true })?.idp,
    'builtin',
  );
});

test('rule sets that break a life-cycle rule are refused, naming the rule', () => {
  const known = (id: string) => ['wide', 'ping', 'fab', 'builtin'].includes(id);
  assert.deepEqual(ruleIssues(RULES, known), []);
  const messages = (rules: RoutingRule[]) => ruleIssues(rules, known).map((i) => `${i.path}: ${i.message}`);
  assert.deepEqual(messages([...RULES.slice(0, 3)]), [
    '/rules: exactly one rule must be the default rule (default: true), found 0',
  ]);
  assert.match(messages([...RULES, rule({ name: 'Second', default: true, idp: 'ping' })]).join(), /found 2/);
  assert.match(
    messages([
      rule({ name: 'X', type: 'domain', values: ['x.test'], idp: 'ping', priority: 1 }),
      ...RULES,
    ]).join(),
    /\/rules\/2\/priority: priority 1 is already held by rule 0/,
  );
  assert.match(
    messages([...RULES.slice(0, 3), rule({ name: 'Default', default: true, idp: 'nowhere' })]).join(),
    /unknown IdP "nowhere"/,
  );
});
