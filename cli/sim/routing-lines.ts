import type { RoutingRule } from '../../lib/routing/rules.ts';
import type { ScenarioUser } from '../../lib/scenario/index.ts';
import { fillTemplate } from '../../lib/target/index.ts';
import { chooseRule } from '../../simulators/sp/routing/choose-rule.ts';
import type { RoutingIdpSimulator } from '../routing/start-routing-idp.ts';
import type { PairRouting, PairRoutingIdp } from './pair-routing.ts';

/**
 * A user of the rule's IdP whose address the reference SP routes through the rule, as it chooses
 * (a group rule matches a user the SP already knows in the group): first one it routes there
 * unknown, then one it routes there once known.
 */
function exampleUser(
  rules: readonly RoutingRule[],
  rule: RoutingRule,
  users: readonly ScenarioUser[],
): { user: ScenarioUser; onceKnown: boolean } | undefined {
  const routes = (u: ScenarioUser, groups: readonly string[]) =>
    chooseRule(rules, { email: u.email, groups }) === rule;
  const stranger = users.find((u) => routes(u, []));
  if (stranger) return { user: stranger, onceKnown: false };
  const member = users.find((u) => routes(u, u.groups));
  return member && { user: member, onceKnown: true };
}

/** The address and how to sign in with it: the built-in IdP asks for the address itself. */
function account(u: ScenarioUser, byEmail: boolean): string {
  const name = byEmail || u.username.toLowerCase() === u.email.toLowerCase() ? '' : `user ${u.username}, `;
  return `${u.email} (${name}password ${u.password})`;
}

function describeRule(r: RoutingRule): string {
  const what = r.default ? 'every other address' : `${r.type} ${r.values.join(', ')}`;
  return `"${r.name}" (${what} → ${r.idp}${r.active ? '' : ', inactive'})`;
}

/** One line per rule: an address it routes, with the account that signs in at its IdP. */
function ruleLine(routing: PairRouting, spBase: string, r: RoutingRule): string {
  if (!r.active) return `  ${describeRule(r)}: routes no one while inactive`;
  const idp = routing.idps.find((i) => i.entry.name === r.idp) as PairRoutingIdp;
  const found = exampleUser(routing.rules, r, idp.users);
  const start = routing.profile.routing!.start;
  const signIn = (email: string) =>
    fillTemplate(start, { base_url: spBase, email: encodeURIComponent(email) });
  if (!found) return `  ${describeRule(r)}: no user of "${r.idp}" is routed through it`;
  if (!found.onceKnown)
    return `  ${describeRule(r)}: ${account(found.user, idp.entry.kind === 'builtin')} — ${signIn(found.user.email)}`;
  // A group rule routes only users the SP knows: the first sign-in goes straight to the IdP.
  const login = routing.profile.login?.start.redirect;
  const first =
    login && idp.simulator?.kind === 'saml'
      ? `; sign in once at ${fillTemplate(login, {
          base_url: spBase,
          idp_entity_id: encodeURIComponent(idp.simulator.entityId),
          relay_state: '',
        })}`
      : '';
  return `  ${describeRule(r)}: ${account(found.user, idp.entry.kind === 'builtin')}, once the SP knows them in that group${first}`;
}

/** The simulators started for routing entries that play another scenario. */
function routedSimulators(routing: PairRouting): RoutingIdpSimulator[] {
  return routing.idps.flatMap((i) => (i.simulator && 'running' in i.simulator ? [i.simulator] : []));
}

/** A line per simulator started for a routing entry: its address, and what it serves there. */
export function routingSimulatorLines(routing: PairRouting): string[] {
  return routedSimulators(routing).map((s) =>
    s.kind === 'saml'
      ? `IdP (${s.id}, routing entry "${s.name}"): ${s.running.info.baseUrl}/  — test users, IdP-initiated sign-in, trace`
      : `OP (${s.id}, routing entry "${s.name}"): ${s.running.info.baseUrl}/  — discovery ${s.running.info.discoveryUrl}`,
  );
}

/** The base URLs of the routing entries' SAML IdPs: each has a trace page. */
export function routingTraceBases(routing: PairRouting): string[] {
  return routedSimulators(routing).flatMap((s) => (s.kind === 'saml' ? [s.running.info.baseUrl] : []));
}

/** What `sim pair` prints of a routing scenario: where email-first sign-in starts, and an address per rule. */
export function routingLines(routing: PairRouting, spBase: string): string[] {
  const builtin = routing.idps.find((i) => i.entry.kind === 'builtin');
  return [
    `routing rules set at the SP (${spBase}/__accord/routing); email-first sign-in: ${spBase}/signin`,
    ...routing.rules.map((r) => ruleLine(routing, spBase, r)),
    ...(builtin
      ? [
          `built-in IdP "${builtin.entry.name}" (the SP's password sign-in): ${builtin.users.length} users set`,
        ]
      : []),
  ];
}
