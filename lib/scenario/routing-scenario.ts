import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type RoutingRule, ruleIssues } from '../routing/rules.ts';
import type { InputIssue } from './input-error.ts';
import { completeUsers, type UserInput } from './scenario-users.ts';
import type { Scenario, ScenarioUser } from './types.ts';
import { readYamlSource, type YamlSource } from './yaml-source.ts';

/** One IdP of a routing scenario: a SAML IdP (its own or another scenario's), an OpenID Provider, or the SP's built-in one. */
export interface RoutingIdpEntry {
  name: string;
  kind: 'saml' | 'oidc' | 'builtin';
  /** kind saml: the saml2 scenario whose IdP this is (absent: the routing scenario's own idp); kind oidc: the oidc scenario whose OP this is. */
  scenario?: string;
  /** With scenario: that scenario's file, resolved beside this one. */
  scenarioFile?: string;
  /**
   * The entry's own users (explicit, then its directory's): kind builtin, those of the SP's own
   * password sign-in; kind saml or oidc with a scenario, they replace that scenario's users (an
   * acquired company's directory on another domain, say).
   */
  users?: ScenarioUser[];
  /** Kind saml or oidc with its own users: the directory they were generated from. */
  directory?: Scenario['directory'];
}

/** A routing entry as the file writes it: builtin users as scenario users are written. */
type RoutingIdpInput = Omit<RoutingIdpEntry, 'users'> & {
  users?: UserInput[];
  directory?: Partial<Scenario['directory']>;
};

/** The protocol a routing entry's scenario must speak. */
const PROTOCOL_OF = { saml: 'saml2', oidc: 'oidc' } as const;

/** Several IdPs with routing rules; rules name IdPs by entry name. */
export interface ScenarioRouting {
  idps: RoutingIdpEntry[];
  rules: RoutingRule[];
}

export interface RoutingInput {
  idps: RoutingIdpInput[];
  rules: Array<Omit<RoutingRule, 'active' | 'values'> & { active?: boolean; values?: string[] }>;
}

/** The file of a scenario a routing entry names: beside the routing scenario. */
function scenarioFileOf(file: string, id: string): string {
  return join(dirname(file), `${id}.yaml`);
}

export function completeRouting(input: RoutingInput, file: string): ScenarioRouting {
  return {
    idps: input.idps.map(({ users, directory, ...e }) => ({
      ...e,
      ...(e.scenario ? { scenarioFile: scenarioFileOf(file, e.scenario) } : {}),
      ...(users || directory ? entryUsers(e, users, directory) : {}),
    })),
    rules: input.rules.map((r) => ({ ...r, values: r.values ?? [], active: r.active ?? true })),
  };
}

/** An entry's own users: a directory generates users only when it is written. */
function entryUsers(
  e: Pick<RoutingIdpEntry, 'name' | 'kind'>,
  users: UserInput[] | undefined,
  directory: Partial<Scenario['directory']> | undefined,
): Pick<RoutingIdpEntry, 'users' | 'directory'> {
  const done = completeUsers(`${e.kind}-${e.name}`, users, directory ?? { count: 0 });
  return e.kind === 'builtin' ? { users: done.users } : { users: done.users, directory: done.directory };
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
    for (const field of ['users', 'directory'] as const)
      if (e.kind === 'saml' && e.scenario === undefined && e[field] !== undefined)
        issues.push(
          source.issue(
            `/routing/idps/${i}/${field}`,
            "the scenario's own IdP takes its users from this scenario's users and directory",
          ),
        );
    if (e.kind === 'saml' && e.scenario === undefined) own++;
    if (e.kind === 'oidc' && e.scenario === undefined)
      issues.push(
        source.issue(`/routing/idps/${i}/scenario`, 'kind oidc names the oidc scenario whose OP it is'),
      );
    if (e.scenario === undefined || e.kind === 'builtin') return;
    const other = scenarioFileOf(file, e.scenario);
    if (!existsSync(other)) {
      issues.push(
        source.issue(`/routing/idps/${i}/scenario`, `no scenario file ${e.scenario}.yaml beside ${file}`),
      );
      return;
    }
    const protocol = (readYamlSource(other).data as { protocol?: unknown } | null)?.protocol;
    if (protocol !== PROTOCOL_OF[e.kind])
      issues.push(
        source.issue(
          `/routing/idps/${i}/scenario`,
          `kind ${e.kind} needs a scenario of protocol ${PROTOCOL_OF[e.kind]}; ${e.scenario}.yaml is protocol ${String(protocol)}`,
        ),
      );
  });
  if (own > 1) issues.push(source.issue('/routing/idps', "the scenario's own idp may be listed once"));
  const rules = completeRouting(input, file).rules;
  for (const r of ruleIssues(rules, (id) => names.has(id)))
    issues.push(source.issue(`/routing${r.path}`, r.message));
  return issues;
}
