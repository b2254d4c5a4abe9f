import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { TestUser } from '../../../lib/admin/protocol.ts';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import { applyIdentityUsers, applyRules } from '../../../lib/routing/apply-rules.ts';
import type { RoutingRule } from '../../../lib/routing/rules.ts';
import { awaitAcs } from '../../fixtures/await-arrival.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { type Accord, test } from '../../fixtures/index.ts';
import { signInAtCounterpart } from '../../fixtures/sign-in-at-counterpart.ts';
import { judgeSignedIn } from '../../fixtures/success-detector.ts';
import { userVars } from '../../fixtures/user-vars.ts';
import { acsUrlOf } from '../steps/sp-login.ts';
import { describeLanding, offers, routeAddress } from './route-address.ts';
import { signInRouted } from './routed-sign-in.ts';
import { type RoutedIdp, type RoutingWorld, routedIdps, routingWorld, unjudgeable } from './routing-world.ts';

/*
 * Several IdPs with routing rules. Each test sets the whole rule set it needs through the profile's
 * routing.rules hook, so the tests run one after another: this file runs after every other test of
 * the run (suites/z-exclusive.spec.ts), as it reconfigures the target.
 */

const tag = () => randomBytes(4).toString('hex');
/** An address no rule of the scenario matches: a domain of its own, a user no one knows. */
const unmatched = () => `nobody.${tag()}@unrouted-${tag()}.test`;
/** The domain with its first letter upper-cased: domain names compare case-insensitively (RFC 4343). */
const mixedCase = (email: string) => email.replace(/@(.)/, (_m, c: string) => `@${c.toUpperCase()}`);

async function setRules(accord: Accord, world: RoutingWorld, rules: readonly RoutingRule[]): Promise<void> {
  await test.step(`set ${rules.length} routing rules`, () =>
    applyRules(accord.profile, accord.vars, world.forTarget(rules)));
}

/** The scenario's SAML IdP the checks route to besides the one a domain rule names: the first entry with a simulator of its own. */
function otherSamlIdp(world: RoutingWorld, not: RoutedIdp): RoutedIdp | undefined {
  return world.idps.find((i) => i.kind === 'saml' && i !== not && i.url !== undefined);
}

const domainRule = (world: RoutingWorld) => world.rules.find((r) => r.type === 'domain' && !r.default);

/** A domain rule, its IdP, and another SAML IdP to rival it; or why the scenario has none, or why the profile cannot judge. */
function domainAndRival(
  world: RoutingWorld,
): { rule: RoutingRule; routed: RoutedIdp; rival: RoutedIdp } | { why: string } {
  const rule = domainRule(world);
  const routed = rule && world.byName(rule.idp);
  const rival = routed && otherSamlIdp(world, routed);
  if (!rule || !routed || !rival?.client)
    return { why: 'the scenario needs a domain rule and a second SAML IdP' };
  const why = unjudgeable(routedIdps(world));
  return why ? { why } : { rule, routed, rival };
}

/** A SAML IdP with a simulator of its own that is neither the scenario's own nor the default's: one a rule set may leave without a rule. */
function idleIdp(accord: Accord, world: RoutingWorld): RoutedIdp | { why: string } {
  const idle = world.idps.find(
    (i) => i.kind === 'saml' && i.url && i !== world.defaultIdp && i.url !== accord.runtime.counterpart.url,
  );
  if (!idle?.client || !idle.entityId)
    return { why: 'the scenario has no SAML IdP besides its own and the default' };
  const why = unjudgeable(routedIdps(world));
  return why ? { why } : idle;
}

/** The scenario's rules without those routing to `idp`. */
const without = (world: RoutingWorld, idp: RoutedIdp) =>
  world.rules.filter((r) => r.default || r.idp !== idp.name);

/** A user of the IdP whose address a domain rule routes. */
async function userOfDomain(world: RoutingWorld, rule: RoutingRule): Promise<TestUser | undefined> {
  const users = await world.users(world.byName(rule.idp));
  return users.find((u) => rule.values.includes(u.email.split('@')[1].toLowerCase()));
}

/** Signs in at `idp` through the profile's login.start naming it, asserting `person` (JIT makes them known). */
async function signInThrough(
  page: Page,
  accord: Accord,
  idp: RoutedIdp,
  person: TestUser & { groups?: string[] },
) {
  const [account] = await (idp.client ? idp.client.testUsers() : Promise.resolve([]));
  if (!account || !idp.client || !idp.entityId) throw new Error(`IdP "${idp.name}" has no test user`);
  await idp.client.planFlow(accord.flowId, {
    userFields: {
      email: person.email,
      upn: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      ...(person.groups ? { groups: person.groups } : {}),
    },
  });
  const login = accord.profile.login!;
  const start = login.start.redirect ?? login.start.post!;
  const url = accord.fill(start, {
    idp_entity_id: encodeURIComponent(idp.entityId),
    relay_state: encodeURIComponent(login.relayState ? accord.fill(login.relayState, { token: tag() }) : ''),
  });
  const outcome = await awaitAcs(page, acsUrlOf(accord), async () => {
    await page.goto(url);
    await signInAtCounterpart(page, idp.url!, account);
  });
  await idp.client.planFlow(accord.flowId, {});
  return judgeSignedIn(outcome, login.success, (s, enc) => accord.fill(s, userVars(person), enc));
}

/**
 * A user of `idp` whose address no other rule routes, able to sign in there: for the built-in IdP,
 * once its users are set through the profile's routing.builtinIdp.users (and it has a loginForm).
 * Otherwise why the sign-in cannot be taken to its end.
 */
async function unmatchedUser(
  accord: Accord,
  world: RoutingWorld,
  idp: RoutedIdp,
): Promise<{ user: TestUser } | { why: string }> {
  const ruled = world.rules.filter((r) => r.type === 'domain' && r.active).flatMap((r) => r.values);
  const user = (await world.users(idp)).find((u) => !ruled.includes(u.email.split('@')[1].toLowerCase()));
  if (!user) return { why: `the scenario gives "${idp.name}" no user whose domain no rule routes` };
  if (idp.kind !== 'builtin') return { user };
  const builtin = accord.profile.routing?.builtinIdp;
  if (!builtin?.users || !builtin.loginForm)
    return {
      why: 'the profile declares no routing.builtinIdp.users and loginForm, to sign in at the built-in IdP',
    };
  await test.step(`set ${idp.users!.length} users of the built-in IdP`, () =>
    applyIdentityUsers(accord.profile, accord.vars, idp.users!));
  return { user };
}

function newPerson(domainOf: string, groups?: string[]): TestUser & { groups?: string[] } {
  const t = tag();
  return {
    username: `routed.${t}`,
    password: '',
    email: `routed.${t}@${domainOf.split('@')[1]}`,
    firstName: 'Routed',
    lastName: `Person${t}`,
    ...(groups ? { groups } : {}),
  };
}

/** A routing test: skipped, each check with the reason, for a target whose profile declares no routing. */
function routingTest(
  title: string,
  checks: readonly CheckId[],
  body: (page: Page, accord: Accord, world: RoutingWorld) => Promise<void>,
): void {
  checkTest(title, { flow: 'routing', checks }, async ({ page, accord }) => {
    // Every address that lands nowhere waits for the browser to settle: more time than one login.
    test.slow();
    if (!accord.profile.routing)
      return accord.checks.skipAll(
        checks,
        'does not apply: the profile does not declare routing (how rules are set, email-first sign-in)',
      );
    await body(page, accord, routingWorld(accord));
  });
}

eachProject(
  'sp',
  () => {
    routingTest(
      'each routed domain lands on its IdP, whatever the letter case, and the sign-in there completes',
      ['SP-ROUTE-DOMAIN'],
      async (page, accord, world) => {
        const id: CheckId = 'SP-ROUTE-DOMAIN';
        const why = unjudgeable(routedIdps(world));
        if (why) return accord.checks.skip(id, why);
        await setRules(accord, world, world.rules);
        const problems: string[] = [];
        const seen: string[] = [];
        for (const rule of world.rules.filter((r) => r.type === 'domain' && r.active)) {
          const idp = world.byName(rule.idp);
          const user = await userOfDomain(world, rule);
          if (!user || !idp.url) continue;
          const v = await signInRouted(page, accord, world, idp, user, mixedCase(user.email));
          seen.push(v.seen);
          if (!v.signedIn) problems.push(v.reason);
          await page.context().clearCookies();
          await accord.tag(page.context(), accord.flowId);
        }
        if (seen.length === 0)
          return accord.checks.skip(id, 'no domain rule of the scenario has a user of its IdP');
        await accord.checks.record(id, problems.length === 0, [...problems, ...seen].join('; '));
      },
    );

    routingTest(
      "an unmatched address goes to the Default rule's IdP, and to its new IdP once the Default rule changes",
      ['SP-ROUTE-DEFAULT', 'SP-ROUTE-DEFAULT-CHANGE'],
      async (page, accord, world) => {
        const next = otherSamlIdp(world, world.defaultIdp);
        const why =
          unjudgeable([world.defaultIdp]) ?? (next ? undefined : 'the scenario has no second SAML IdP');
        if (why) return accord.checks.skipAll(['SP-ROUTE-DEFAULT', 'SP-ROUTE-DEFAULT-CHANGE'], why);
        await setRules(accord, world, world.rules);
        const defaultIdp = world.defaultIdp;
        // The Default rule's IdP takes the sign-in to its end where the run can sign in there: a
        // simulator's user, or a user of the built-in IdP the profile says how to create and sign in.
        const person = await unmatchedUser(accord, world, defaultIdp);
        if ('user' in person) {
          const v = await signInRouted(page, accord, world, defaultIdp, person.user);
          await accord.checks.record(
            'SP-ROUTE-DEFAULT',
            v.signedIn,
            `${v.seen}; the Default rule routes to "${defaultIdp.name}"; ${v.reason}`,
          );
        } else {
          const before = unmatched();
          const first = await routeAddress(page, accord, world, before);
          await accord.checks.record(
            'SP-ROUTE-DEFAULT',
            first.idp === defaultIdp,
            `${describeLanding(before, first)}; the Default rule routes to "${defaultIdp.name}" (routing judged, not the sign-in: ${person.why})`,
          );
        }
        await setRules(
          accord,
          world,
          world.rules.map((r) => (r.default ? { ...r, idp: next!.name } : r)),
        );
        const after = unmatched();
        const second = await routeAddress(page, accord, world, after);
        await accord.checks.record(
          'SP-ROUTE-DEFAULT-CHANGE',
          second.idp === next,
          `${describeLanding(after, second)}; the Default rule now routes to "${next!.name}"`,
        );
      },
    );

    routingTest(
      'of two matching rules the higher priority decides, and reordering them changes the IdP',
      ['SP-ROUTE-PRIORITY'],
      async (page, accord, world) => {
        const id: CheckId = 'SP-ROUTE-PRIORITY';
        const found = domainAndRival(world);
        if ('why' in found) return accord.checks.skip(id, found.why);
        const { rule, routed: ruled, rival } = found;
        const user = await userOfDomain(world, rule);
        const email = user?.email ?? `someone@${rule.values[0]}`;
        const top = Math.max(...world.rules.map((r) => r.priority ?? 0));
        const overlap = { ...rule, name: `${rule.name} (overlapping)`, idp: rival.name };
        const others = world.rules.filter((r) => r !== rule);
        // The overlapping rule is added first, with the lower priority: adding order must not decide.
        await setRules(accord, world, [
          { ...overlap, priority: top + 2 },
          { ...rule, priority: top + 1 },
          ...others,
        ]);
        const first = await routeAddress(page, accord, world, email);
        await setRules(accord, world, [
          { ...overlap, priority: top + 1 },
          { ...rule, priority: top + 2 },
          ...others,
        ]);
        const second = await routeAddress(page, accord, world, email);
        await accord.checks.record(
          id,
          first.idp === ruled && second.idp === rival,
          `priority to "${rule.name}": ${describeLanding(email, first)}; priority to "${overlap.name}": ${describeLanding(email, second)}`,
        );
      },
    );

    routingTest('a deactivated rule routes no one', ['SP-ROUTE-INACTIVE'], async (page, accord, world) => {
      const id: CheckId = 'SP-ROUTE-INACTIVE';
      const rule = domainRule(world);
      if (!rule) return accord.checks.skip(id, 'the scenario has no domain rule');
      const why = unjudgeable(routedIdps(world));
      if (why) return accord.checks.skip(id, why);
      await setRules(
        accord,
        world,
        world.rules.map((r) => (r === rule ? { ...r, active: false } : r)),
      );
      const email = `someone.${tag()}@${rule.values[0]}`;
      const landing = await routeAddress(page, accord, world, email);
      const ruled = world.byName(rule.idp);
      await accord.checks.record(
        id,
        landing.idp !== ruled,
        `"${rule.name}" (to "${ruled.name}") deactivated: ${describeLanding(email, landing)}`,
      );
    });

    routingTest(
      'an IdP without a routing rule is offered to no one',
      ['SP-ROUTE-UNROUTED-IDP'],
      async (page, accord, world) => {
        const id: CheckId = 'SP-ROUTE-UNROUTED-IDP';
        const idle = idleIdp(accord, world);
        if ('why' in idle) return accord.checks.skip(id, idle.why);
        await setRules(accord, world, without(world, idle));
        const addresses = [...(await world.users(idle)).slice(0, 1).map((u) => u.email), unmatched()];
        const landings = [];
        for (const email of addresses)
          landings.push({ email, landing: await routeAddress(page, accord, world, email) });
        const offered = landings.filter((l) => offers(l.landing, idle));
        await accord.checks.record(
          id,
          offered.length === 0,
          `"${idle.name}" has no rule: ${landings.map((l) => `${describeLanding(l.email, l.landing)}${offers(l.landing, idle) ? ' offers it' : ''}`).join('; ')}`,
        );
      },
    );

    routingTest(
      "a known user whose stored groups match a group rule goes to that rule's IdP",
      ['SP-ROUTE-GROUP'],
      async (page, accord, world) => {
        const id: CheckId = 'SP-ROUTE-GROUP';
        const rule = world.rules.find((r) => r.type === 'group' && r.active);
        const idp = rule && world.byName(rule.idp);
        if (!rule || !idp?.url) return accord.checks.skip(id, 'the scenario has no group rule to a SAML IdP');
        const jit = accord.profile.jit;
        if (!jit?.create || !jit.update || !jit.groups)
          return accord.checks.skip(
            id,
            'the SP learns groups by JIT provisioning, which the profile does not declare (jit.groups)',
          );
        const why = unjudgeable(routedIdps(world));
        if (why) return accord.checks.skip(id, why);
        await setRules(accord, world, world.rules);
        const [someone] = await world.users(idp);
        const person = newPerson(someone?.email ?? 'x@example.test', rule.values);
        const signedIn = await signInThrough(page, accord, idp, person);
        if (!signedIn.signedIn)
          return accord.checks.inconclusive(id, `the user could not be made known: ${signedIn.reason}`);
        await page.context().clearCookies();
        await accord.tag(page.context(), accord.flowId);
        const landing = await routeAddress(page, accord, world, person.email);
        await accord.checks.record(
          id,
          landing.idp === idp,
          `${person.email}, known with group ${rule.values[0]}: ${describeLanding(person.email, landing)}; rule "${rule.name}" routes to "${idp.name}"`,
        );
      },
    );

    routingTest(
      'a Response from an IdP other than the one the login was routed to does not sign the user in',
      ['SP-ROUTE-RESPONSE-IDP'],
      async (page, accord, world) => {
        const id: CheckId = 'SP-ROUTE-RESPONSE-IDP';
        const found = domainAndRival(world);
        if ('why' in found) return accord.checks.skip(id, found.why);
        const { rule, routed, rival: other } = found;
        await setRules(accord, world, world.rules);
        const user = (await userOfDomain(world, rule)) ?? (await world.users(routed))[0];
        const landing = await routeAddress(page, accord, world, user.email);
        // The routed IdP is a simulator: its trace holds the AuthnRequest the target sent it.
        const received = (await routed.client!.trace({ flowId: accord.flowId })).filter(
          (e) => e.kind === 'AuthnRequest' && typeof e.info?.id === 'string',
        );
        const requestId = received.at(-1)?.info?.id as string | undefined;
        if (landing.idp !== routed || !requestId)
          return accord.checks.inconclusive(
            id,
            `the login did not reach "${routed.name}" with an AuthnRequest: ${describeLanding(user.email, landing)}`,
          );
        const [account] = await world.users(other);
        await other.client!.planFlow(accord.flowId, { inResponseTo: requestId });
        const outcome = await awaitAcs(page, acsUrlOf(accord), async () => {
          await page.goto(
            `${other.url}/__accord/idp-initiated?${new URLSearchParams({ sp: accord.runtime.targetEntityId })}`,
          );
          await signInAtCounterpart(page, other.url!, account);
        });
        await other.client!.planFlow(accord.flowId, {});
        const v = judgeSignedIn(outcome, accord.profile.login!.success, (s, enc) =>
          accord.fill(s, userVars(account), enc),
        );
        await accord.checks.record(
          id,
          !v.signedIn,
          `routed to "${routed.name}" (AuthnRequest ${requestId}); "${other.name}" answered it: ${v.signedIn ? v.reason : `not signed in (${v.reason})`}`,
        );
      },
    );

    routingTest(
      '"Test SSO setup" against an IdP without a rule reports the result and changes nothing',
      ['SP-ROUTE-TEST-SSO'],
      async (page, accord, world) => {
        const id: CheckId = 'SP-ROUTE-TEST-SSO';
        const testSso = accord.profile.routing?.testSso;
        if (!testSso) return accord.checks.skip(id, 'the profile declares no routing.testSso');
        const idle = idleIdp(accord, world);
        if ('why' in idle) return accord.checks.skip(id, idle.why);
        const [account] = await world.users(idle);
        const tested = newPerson(account.email);
        // A rule that already routes the tested domain elsewhere would hide one the test activated.
        const domain = tested.email.split('@')[1].toLowerCase();
        await setRules(
          accord,
          world,
          without(world, idle).filter((r) => r.type !== 'domain' || !r.values.includes(domain)),
        );
        await idle.client!.planFlow(accord.flowId, {
          userFields: {
            email: tested.email,
            upn: tested.email,
            firstName: tested.firstName,
            lastName: tested.lastName,
          },
        });
        // Seed: "Click Test SSO setup, and when a new browser tab opens, authenticate with the IdP by signing in."
        const tab = await page.context().newPage();
        const outcome = await awaitAcs(tab, acsUrlOf(accord), async () => {
          await tab.goto(accord.fill(testSso, { idp_id: encodeURIComponent(idle.entityId!) }));
          await signInAtCounterpart(tab, idle.url!, account);
        });
        await idle.client!.planFlow(accord.flowId, {});
        await tab.close();
        const later = newPerson(account.email);
        const landing = await routeAddress(page, accord, world, later.email);
        await accord.checks.record(
          id,
          !offers(landing, idle),
          `Test SSO setup with "${idle.name}" for ${tested.email} (its page answered ${outcome.acsStatus}); afterwards ${describeLanding(later.email, landing)}${offers(landing, idle) ? `: the test activated "${idle.name}"` : ''}`,
        );
      },
    );
  },
  { routing: true, exclusive: true },
);
