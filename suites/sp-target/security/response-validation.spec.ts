import { awaitAcs } from '../../fixtures/await-arrival.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { CLAIM_ATTACKS } from '../attacks/response-attacks.ts';
import { captureResponse } from '../steps/capture-response.ts';
import { MessageFlows } from '../steps/message-flows.ts';
import { postForm } from '../steps/post-form.ts';
import {
  asProbes,
  defaultBreach,
  effectOf,
  type Probe,
  type ProbeResult,
  runProbes,
} from '../steps/probe.ts';

/** Attack groups run one flow after another; a loaded machine needs the headroom. */
const GROUP_TIMEOUT_MS = 120_000;

/**
 * Probes that bind a Response to the request and browser session it answers: the SP's own memory
 * of the assertions it took and the requests it sent, whichever IdP signed them.
 */
const BINDING_PROBES: Probe[] = [
  { check: 'SP-SEC-REPLAY', run: replay },
  { check: 'SP-SEC-CROSS-SESSION', run: crossSession },
];

/** What the IdP sends, and whether an unsolicited Response from it is taken (a setting per IdP in many SPs). */
const CLAIM_PROBES: Probe[] = [
  ...asProbes(CLAIM_ATTACKS),
  { check: 'SP-SEC-UNSOLICITED-DISABLED', run: unsolicitedDisabled },
];

eachProject('sp', () => {
  checkTest(
    'rejects Responses with forged claims or stale times',
    {
      flow: 'security',
      checks: CLAIM_PROBES.flatMap((p) => (p.also ? [p.check, p.also] : [p.check])),
    },
    async ({ accord, browser }) => {
      test.setTimeout(GROUP_TIMEOUT_MS);
      await MessageFlows.run(accord, browser, (session) => runProbes(session, CLAIM_PROBES));
    },
  );

  checkTest(
    'binds Responses to the request and session they answer',
    {
      flow: 'security',
      checks: BINDING_PROBES.map((p) => p.check),
      oncePerTarget: true,
    },
    async ({ accord, browser }) => {
      test.setTimeout(GROUP_TIMEOUT_MS);
      await MessageFlows.run(accord, browser, (session) => runProbes(session, BINDING_PROBES));
    },
  );
});

type Pending = () => Promise<ProbeResult>;
const now =
  (r: ProbeResult): Pending =>
  async () =>
    r;

/** A Response accepted once, posted again in a new session; the first login is the control. */
async function replay(session: MessageFlows): Promise<Pending> {
  const check = 'SP-SEC-REPLAY';
  const via = session.via();
  if (!via)
    return now({ check, kind: 'skip', detail: 'the target declares no login flow this check can ride on' });
  const first = await session.deliver({}, { via });
  if (!first.outcome || session.signedInAs(first.outcome).length === 0) {
    const why = first.outcome ? session.judge(first.outcome, session.genuine).reason : first.error;
    return now({ check, kind: 'broken', detail: `the genuine login failed (flow ${first.flowId}): ${why}` });
  }
  const sent = (await session.accord.counterpart.trace({ flowId: first.flowId }))
    .filter((e) => e.kind === 'Response')
    .pop();
  if (!sent?.raw)
    return now({ check, kind: 'broken', detail: 'the IdP simulator recorded no Response to replay' });
  const { page, flowId } = await session.nextFlow();
  const outcome = await awaitAcs(page, session.acsUrl, () =>
    postForm(page, session.acsUrl, { SAMLResponse: sent.raw, RelayState: sent.relayState }),
  ).catch((e: Error) => e);
  if (outcome instanceof Error) return now({ check, kind: 'broken', detail: outcome.message });
  // The replayed post carries no Response of the IdP's in this flow: one there is a new login.
  const { judged } = await effectOf(session, { flowId, via, outcome }, 0);
  const breach = defaultBreach(judged, session);
  return now(
    breach
      ? { check, kind: 'breach', detail: `the Response of flow ${first.flowId}, posted again: ${breach}` }
      : {
          check,
          kind: 'refused',
          via,
          detail: `the Response of flow ${first.flowId}, which signed in, was refused the second time (flow ${flowId}: ACS answered ${outcome.acsStatus})`,
        },
  );
}

/** The Response to an AuthnRequest of session A, posted in session B (which has a request of its own). */
async function crossSession(session: MessageFlows): Promise<Pending> {
  const check = 'SP-SEC-CROSS-SESSION';
  if (session.via(true) !== 'sp-initiated') {
    return now({ check, kind: 'skip', detail: 'the target declares no SP-initiated login to answer' });
  }
  try {
    // Session A's Response is captured, then A's cookies are dropped and session B starts a
    // request of its own before A's Response arrives in it.
    const a = await captureResponse(session, 'sp-initiated');
    const b = await captureResponse(session, 'sp-initiated');
    const outcome = await awaitAcs(b.page, session.acsUrl, () =>
      postForm(b.page, session.acsUrl, { SAMLResponse: a.samlResponse, RelayState: a.relayState }),
    );
    // Flow B holds the Response captured for its own request: one more there is a new login.
    const { judged } = await effectOf(session, { flowId: b.flowId, via: 'sp-initiated', outcome });
    const breach = defaultBreach(judged, session);
    return now(
      breach
        ? {
            check,
            kind: 'breach',
            detail: `the Response to flow ${a.flowId}'s request, posted in flow ${b.flowId}: ${breach}`,
          }
        : {
            check,
            kind: 'refused',
            via: 'sp-initiated',
            detail: `the Response to flow ${a.flowId}'s request was refused in flow ${b.flowId} (ACS answered ${outcome.acsStatus})`,
          },
    );
  } catch (e) {
    return now({ check, kind: 'broken', detail: (e as Error).message.split('\n')[0] });
  }
}

/** An unsolicited Response to a target that declares no IdP-initiated SSO. */
async function unsolicitedDisabled(session: MessageFlows): Promise<Pending> {
  const check = 'SP-SEC-UNSOLICITED-DISABLED';
  if (session.accord.profile.capabilities.idpInitiated) {
    return now({
      check,
      kind: 'skip',
      detail: 'the target declares IdP-initiated SSO, so it may accept unsolicited Responses',
    });
  }
  const d = await session.deliver({}, { via: 'unsolicited' });
  if (!d.outcome)
    return now({
      check,
      kind: 'broken',
      detail: `unsolicited delivery broke (flow ${d.flowId}): ${d.error}`,
    });
  const breach = defaultBreach((await effectOf(session, d)).judged, session);
  return now(
    breach
      ? { check, kind: 'breach', detail: breach }
      : {
          check,
          kind: 'refused',
          via: 'sp-initiated',
          detail: `refused (flow ${d.flowId}: ACS answered ${d.outcome.acsStatus}, ended on ${d.outcome.finalUrl})`,
        },
  );
}
