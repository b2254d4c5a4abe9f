import { setTimeout as sleep } from 'node:timers/promises';
import type { OpCheckId } from '../../../lib/checks/catalog.ts';
import { checkIds } from '../../../lib/checks/catalog.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import type { Accord } from '../../fixtures/index.ts';
import { type AuthorizationOutcome, authorizationRequest, authorize, codeOf } from '../steps/authorize.ts';
import { codeFlow } from '../steps/code-flow.ts';
import { opTarget } from '../steps/op-target.ts';

const CHECKS = checkIds((c) => c.role === 'op' && c.flow === 'session');

/** OIDC Core 3.1.2.6: the errors an OP answers prompt=none with when it cannot sign in silently. */
const SILENT_ERRORS = [
  'login_required',
  'interaction_required',
  'consent_required',
  'account_selection_required',
];

const nowSecond = () => Math.floor(Date.now() / 1000);

/** The second an ID token says its user authenticated in: auth_time, else iat (issued after it). */
function authSecond(claims: Record<string, unknown>): number {
  const { auth_time: authTime, iat } = claims;
  return typeof authTime === 'number' ? authTime : typeof iat === 'number' ? iat : nowSecond();
}

/**
 * An OP on another machine may count time a little behind this one: a wait for a second to begin
 * goes on this long past it.
 */
const CLOCK_MARGIN_MS = 250;

/** Sleeps until `second` (seconds since the epoch) has begun, by this clock, plus the margin. */
async function untilSecond(second: number): Promise<void> {
  await sleep(Math.max(0, second * 1000 + CLOCK_MARGIN_MS - Date.now()));
}

function silentCode(o: AuthorizationOutcome): { ok: boolean; detail: string } {
  if (o.prompted) return { ok: false, detail: `the OP showed its login form (${o.stoppedAt})` };
  const { code, problem } = codeOf(o);
  return code
    ? { ok: true, detail: 'a code came back without any page shown' }
    : { ok: false, detail: problem ?? '' };
}

/** auth_time of a fresh code flow with `params`, and whether the login form was shown for it. */
async function reauthenticated(
  page: Parameters<typeof codeFlow>[0],
  accord: Accord,
  params: Record<string, string>,
  before: number,
) {
  const flow = await codeFlow(page, accord, params);
  if (!flow.idToken) return { ok: false, detail: `the flow broke: ${flow.problem}` };
  const after = flow.idToken.claims.auth_time;
  if (!flow.outcome.prompted)
    return {
      ok: false,
      detail: 'the OP signed the browser in from its session without asking for credentials',
    };
  if (typeof after !== 'number')
    return {
      ok: false,
      detail: `credentials were asked, but the ID token carries no auth_time (${JSON.stringify(after)})`,
    };
  return after > before
    ? {
        ok: true,
        detail: `credentials were asked again and auth_time moved from ${before} to ${after}`,
        authTime: after,
      }
    : {
        ok: false,
        detail: `credentials were asked, but auth_time stayed ${after} (was ${before})`,
        authTime: after,
      };
}

eachProject('op', () => {
  checkTest(
    'session: prompt=none without and with a session, hints, max_age=1, prompt=login',
    { flow: 'session', checks: CHECKS },
    async ({ accord, page, browser }, info) => {
      // Up to seven flows and two pauses of up to 2 s: more than one sign-in's budget.
      info.setTimeout(info.timeout + 60_000);
      const op = await opTarget(accord);
      const wants = (id: OpCheckId) => accord.checks.wants(id);
      const withoutSession = async () => {
        if (!wants('OP-PROMPT-NONE-NO-SESSION')) return;
        // A browser of its own: a login page the OP leaves pending must not shape the flows after it.
        const fresh = await browser.newContext();
        try {
          await accord.tag(fresh);
          const none = await authorize(
            await fresh.newPage(),
            accord,
            op,
            authorizationRequest(op, { prompt: 'none' }),
            {
              credentials: false,
            },
          );
          const error = none.response?.get('error');
          await accord.checks.record(
            'OP-PROMPT-NONE-NO-SESSION',
            !none.prompted && error !== null && error !== undefined && SILENT_ERRORS.includes(error),
            none.prompted
              ? `the OP showed its login form at ${none.stoppedAt}`
              : none.response
                ? `the redirect URI got ${error ? `error=${error}` : `no error (${none.responseUrl})`}`
                : `the OP never sent the browser back (stopped at ${none.stoppedAt}: "${none.stoppedText ?? ''}")`,
          );
        } finally {
          await fresh.close();
        }
      };
      const first = await codeFlow(page, accord);
      if (!first.idToken) {
        await withoutSession();
        for (const id of CHECKS.filter((c) => c !== 'OP-PROMPT-NONE-NO-SESSION'))
          await accord.checks.inconclusive(id, `the genuine sign-in broke: ${first.problem}`);
        return;
      }
      if (wants('OP-PROMPT-NONE-SESSION')) {
        const j = silentCode(
          await authorize(page, accord, op, authorizationRequest(op, { prompt: 'none' }), {
            credentials: false,
          }),
        );
        await accord.checks.record(
          'OP-PROMPT-NONE-SESSION',
          j.ok,
          `prompt=none after a sign-in: ${j.detail}`,
        );
      }
      if (wants('OP-ID-TOKEN-HINT')) {
        const request = authorizationRequest(op, { prompt: 'none', id_token_hint: first.idToken.raw });
        const j = silentCode(await authorize(page, accord, op, request, { credentials: false }));
        await accord.checks.record(
          'OP-ID-TOKEN-HINT',
          j.ok,
          `prompt=none with the session's id_token_hint: ${j.detail}`,
        );
      }
      // Without max_age an OP need not send auth_time: the sign-in was then at the ID token's iat.
      let latest = authSecond(first.idToken.claims);
      // The last second the OP may have authenticated the browser in: what the waits below count from.
      let since = latest;
      if (wants('OP-LOGIN-HINT')) {
        const flow = await codeFlow(page, accord, { login_hint: op.user.username });
        if (flow.outcome.prompted) {
          since = flow.idToken ? authSecond(flow.idToken.claims) : nowSecond();
          latest = Math.max(latest, since);
        }
        await accord.checks.record(
          'OP-LOGIN-HINT',
          flow.idToken !== undefined,
          flow.idToken
            ? `login_hint=${op.user.username} gave a code and an ID token`
            : `login_hint: ${flow.problem}`,
        );
      }
      // In a browser of its own, while this one's session ages for max_age.
      await withoutSession();
      if (wants('OP-MAX-AGE')) {
        // An OP counting whole seconds (LemonLDAP::NG: time > auth_time + max_age) sees more than
        // one second gone only from auth_time + 2 on.
        await untilSecond(since + 2);
        const j = await reauthenticated(page, accord, { max_age: '1' }, latest);
        await accord.checks.record('OP-MAX-AGE', j.ok, `max_age=1, 2 s past the auth_time: ${j.detail}`);
        latest = j.authTime ?? latest;
        since = j.authTime ?? nowSecond();
      }
      if (wants('OP-PROMPT-LOGIN')) {
        // auth_time counts seconds: from the next second on, a new authentication shows in it.
        await untilSecond(since + 1);
        const j = await reauthenticated(page, accord, { prompt: 'login' }, latest);
        await accord.checks.record('OP-PROMPT-LOGIN', j.ok, `prompt=login with a session: ${j.detail}`);
      }
    },
  );
});
