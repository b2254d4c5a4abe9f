import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type RoutingRule, ruleIssues } from '../routing/rules.ts';
import type { InputIssue } from './input-error.ts';
import type { YamlSource } from './yaml-source.ts';

/** One IdP of a routing scenario: the scenario's own SAML IdP, another scenario's, or the SP's built-in one. */
export interface RoutingIdpEntry {
  name: string;
  kind: 'saml' | 'builtin';
  /** kind saml: the saml2 scenario whose IdP this is; absent: the routing scenario's own idp. */
  scenario?: string;
  /** kind saml with scenario: that scenario's file, resolved beside this one. */
  scenarioFile?: string;
}

/** Several IdPs with routing rules; rules name IdPs by entry name. */
export interface ScenarioRouting {
  idps: RoutingIdpEntry[];
  rules: RoutingRule[];
}

export interface RoutingInput {
  idps: RoutingIdpEntry[];
  rules: Array<Omit<RoutingRule, 'active' | 'values'> & { active?: boolean; values?: string[] }>;
}

/** The file of a scenario a routing entry names: beside the routing scenario. */
function scenarioFileOf(file: string, id: string): string {
  return join(dirname(file), `${id}.yaml`);
}

export function completeRouting(input: RoutingInput, file: string): ScenarioRouting {
  return {
    idps: input.idps.map((e) => (e.scenario ? { ...e, scenarioFile: scenarioFileOf(file, e.scenario) } : e)),
    rules: input.rules.map((r) => ({ ...r, values: r.values ?? [], active: r.active ?? true })),
  };
}

/**
 * What the schema cannot say: entry names unique, the scenario's own IdP listed at most once, a
 * named scenario present beside this file, and the rules valid as a set (every rule's IdP listed,
 * unique priorities, exactly one default rule).
 */
export function routingIssues(input: RoutingInput, file: string, source: YamlSource): InputIssue[] {
  const issues: InputIssue[] = [];
  const names = new Set<string>();
  let own = 0;
  input.idps.forEach((e, i) => {
    if (names.has(e.name))
      issues.push(source.issue(`/routing/idps/${i}/name`, `IdP name "${e.name}" is listed twice`));
    names.add(e.name);
    if (e.kind === 'builtin' && e.scenario !== undefined)
      issues.push(source.issue(`/routing/idps/${i}/scenario`, 'the built-in IdP plays no scenario'));
    if (e.kind === 'saml' && e.scenario === undefined) own++;
    if (e.scenario !== undefined && !existsSync(scenarioFileOf(file, e.scenario)))
      issues.push(
        source.issue(`/routing/idps/${i}/scenario`, `no scenario file ${e.scenario}.yaml beside ${file}`),
      );
  });
  if (own > 1) issues.push(source.issue('/routing/idps', "the scenario's own idp may be listed once"));
  const rules = completeRouting(input, file).rules;
  for (const r of ruleIssues(rules, (id) => names.has(id)))
    issues.push(source.issue(`/routing${r.path}`, r.message));
  return issues;
}
