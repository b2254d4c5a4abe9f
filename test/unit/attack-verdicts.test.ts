import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestUser } from '../../lib/admin/protocol.ts';
import { fillTemplate } from '../../lib/target/index.ts';
import { judgeSignedIn } from '../../suites/fixtures/success-detector.ts';
import { userVars } from '../../suites/fixtures/user-vars.ts';
import { XSW_ATTACKS } from '../../suites/sp-target/attacks/response-attacks.ts';
import type { Delivery, MessageFlows } from '../../suites/sp-target/steps/message-flows.ts';
import { attackContext, indistinct, judgeAttack } from '../../suites/sp-target/steps/probe.ts';

/*
 * An attack is judged by what it achieved at the target: the forged identity signed in is a breach,
 * the genuine user signed in from the signed assertion is not, and a sign-in the IdP simulator's own
 * session gave after the target refused and sent the browser back to sign in is no effect at all.
 */

const GENUINE: TestUser = { username: 'kim', password: 'x', email: 'kim@corp.test' };
const FORGED: TestUser = { username: 'lee', password: 'x', email: 'lee@corp.test' };

/** A session over a target whose pages are given: the IdP simulator sent `responses` Responses in the flow. */
function session(success: object, responses = 1): MessageFlows {
  const accord = {
    profile: { login: { success }, clockSkewSeconds: 60 },
    fill: (s: string, vars: Record<string, string> = {}, enc?: (v: string) => string) =>
      fillTemplate(s, vars, enc),
    counterpart: {
      trace: async () => Array.from({ length: responses }, () => ({ kind: 'Response', direction: 'out' })),
    },
  };
  const judge = (outcome: Delivery['outcome'] & object, user: TestUser) =>
    judgeSignedIn(outcome, success, (s, enc) => fillTemplate(s, userVars(user), enc));
  return {
    accord,
    genuine: GENUINE,
    forged: FORGED,
    acsUrl: 'http://sp.test/acs',
    judge,
    signedInAs: (o?: Delivery['outcome']) => (o ? [GENUINE, FORGED].filter((u) => judge(o, u).signedIn) : []),
  } as unknown as MessageFlows;
}

const BY_EMAIL = { text: 'Signed in as {email}' };
const xsw3 = XSW_ATTACKS.find((a) => a.check === 'SP-SEC-XSW3')!;

function landedOn(bodyText: string, acsStatus = 303): Delivery {
  return {
    flowId: 'f1',
    via: 'unsolicited',
    outcome: { acsStatus, finalUrl: 'http://sp.test/me', bodyText },
  };
}

async function verdict(s: MessageFlows, d: Delivery) {
  return judgeAttack(s, xsw3, attackContext(s), d);
}

test('the forged identity signed in is a breach', async () => {
  const r = await verdict(session(BY_EMAIL), landedOn(`Signed in as ${FORGED.email}`));
  assert.equal(r.kind, 'breach');
  assert.match(r.detail, /forged identity lee@corp\.test/);
});

test('the genuine user signed in from the signed assertion is no breach of the MUST check', async () => {
  const r = await verdict(session(BY_EMAIL), landedOn(`Signed in as ${GENUINE.email}`));
  assert.equal(r.kind, 'pass');
  assert.match(r.detail, /never took effect.*kim@corp\.test.*ignored the assertion no signature covers/);
});

test('a refusal is a refusal, for the control to confirm', async () => {
  const r = await verdict(session(BY_EMAIL), landedOn('Forbidden', 403));
  assert.equal(r.kind, 'refused');
});

test("a sign-in the IdP simulator's session gave after the target refused is judged a refusal", async () => {
  const r = await verdict(session(BY_EMAIL, 2), landedOn(`Signed in as ${GENUINE.email}`));
  assert.equal(r.kind, 'refused');
  assert.match(r.detail, /sign in again/);
});

test('the forged identity showing after such a second login is still a breach', async () => {
  const r = await verdict(session(BY_EMAIL, 2), landedOn(`Signed in as ${FORGED.email}`));
  assert.equal(r.kind, 'breach');
});

test('a success detector that names no user cannot say who signed in: no verdict, not a failure', async () => {
  const byUrl = session({ url: '/me$' });
  assert.match(indistinct(byUrl) ?? '', /names no user/);
  assert.equal(indistinct(session(BY_EMAIL)), undefined);
  const r = await verdict(byUrl, landedOn('welcome'));
  assert.equal(r.kind, 'broken');
  assert.match(r.detail, /names no user/);
});
