import type { Page } from '@playwright/test';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import { encodePostMessage, encodeRedirectMessage } from '../../../lib/saml/bindings.ts';
import { buildLogoutRequest, type LogoutNameId } from '../../../lib/saml/logout/build-logout-request.ts';
import { type Endpoint, pickEndpoint } from '../../../lib/saml/metadata/parse-metadata.ts';
import { NS } from '../../../lib/saml/namespaces.ts';
import { descendants, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import { revisitLanding } from '../../fixtures/revisit-landing.ts';
import { type Delivery, MessageFlows } from '../steps/message-flows.ts';
import { postForm } from '../steps/post-form.ts';

interface Subject {
  nameId: LogoutNameId;
  sessionIndex?: string;
}

/** The subject as the IdP asserted it in the flow's Response: what a LogoutRequest names. */
async function assertedSubject(session: MessageFlows, flow: string): Promise<Subject> {
  const sent = (await session.accord.counterpart.trace({ flowId: flow }))
    .filter((e) => e.kind === 'Response')
    .pop();
  if (!sent?.decoded) throw new Error(`the IdP simulator recorded no Response in flow ${flow}`);
  const root = parseUntrustedXml(sent.decoded, 'Response', Number.MAX_SAFE_INTEGER).documentElement!;
  const nameId = descendants(root, NS.saml, 'NameID')[0];
  if (!nameId) throw new Error(`the Response of flow ${flow} has no NameID`);
  const given = (a: string) => (nameId.hasAttribute(a) ? (nameId.getAttribute(a) ?? '') : undefined);
  const authn = descendants(root, NS.saml, 'AuthnStatement')[0];
  return {
    nameId: {
      value: nameId.textContent ?? '',
      format: given('Format'),
      nameQualifier: given('NameQualifier'),
      spNameQualifier: given('SPNameQualifier'),
    },
    sessionIndex: authn?.getAttribute('SessionIndex') || undefined,
  };
}

/** Sends a LogoutRequest from the signed-in browser, by the binding the target publishes for its SLO. */
async function sendLogoutRequest(
  page: Page,
  endpoint: Endpoint,
  redirect: boolean,
  xml: string,
): Promise<void> {
  if (redirect) {
    const sep = endpoint.location.includes('?') ? '&' : '?';
    await page
      .goto(`${endpoint.location}${sep}SAMLRequest=${encodeURIComponent(encodeRedirectMessage(xml))}`)
      .catch(() => undefined);
  } else {
    await Promise.all([
      page.waitForLoadState('load').catch(() => undefined),
      postForm(page, endpoint.location, { SAMLRequest: encodePostMessage(xml) }),
    ]);
  }
}

/**
 * Whether the page the login ended on still shows the user signed in. The flows keep a live session
 * at the IdP simulator, which would sign the user straight back in: the revisit keeps it out of reach.
 */
async function stillSignedIn(session: MessageFlows, d: Delivery): Promise<{ yes: boolean; reason: string }> {
  const v = await revisitLanding(d.page!, session.accord, d.outcome!.finalUrl, session.genuine);
  return { yes: v.signedIn, reason: v.reason };
}

interface LogoutTarget {
  endpoint: Endpoint;
  redirect: boolean;
}

/** Why a logout check cannot run on this target, or where its SingleLogoutService is. */
function logoutTarget(session: MessageFlows): LogoutTarget | string {
  const sp = session.accord.metadata.sp;
  const redirect = sp ? pickEndpoint(sp.sloServices, 'redirect') : undefined;
  const endpoint = redirect ?? (sp ? pickEndpoint(sp.sloServices, 'post') : undefined);
  if (!session.accord.profile.capabilities.slo) return 'the target declares no single logout';
  if (!endpoint) return 'the target publishes no SingleLogoutService';
  if (!session.via()) return 'the target declares no login flow to sign in with first';
  return { endpoint, redirect: !!redirect };
}

/**
 * Signs the genuine user in, lets `send` deliver a LogoutRequest from that browser, and judges
 * whether the session survived. A session that seems gone is checked against a clean sign-in
 * revisited without any logout, in case the target's landing page cannot be revisited at all.
 */
async function sessionSurvives(
  session: MessageFlows,
  check: CheckId,
  send: (d: Delivery) => Promise<string>,
): Promise<void> {
  const checks = session.accord.checks;
  const mark = session.fallbackMark;
  const via = session.via()!;
  const note = session.fellBackSince(mark);
  const d = await session.deliver({}, { via });
  if (!d.outcome || !session.judge(d.outcome, session.genuine).signedIn) {
    const why = d.outcome ? session.judge(d.outcome, session.genuine).reason : d.error;
    await checks.inconclusive(check, `the sign-in before the logout failed (flow ${d.flowId}): ${why}`, note);
    return;
  }
  const sent = await send(d);
  const after = await stillSignedIn(session, d);
  if (after.yes) {
    await checks.pass(check, `the session survived ${sent}`, note);
    return;
  }
  const clean = await session.deliver({}, { via });
  const baseline = clean.outcome
    ? await stillSignedIn(session, clean)
    : { yes: false, reason: clean.error ?? '' };
  if (baseline.yes) await checks.fail(check, `the session ended after ${sent}: ${after.reason}`, note);
  else
    await checks.inconclusive(
      check,
      `revisiting the page a login ends on does not show the user even without a logout (${baseline.reason})`,
      note,
    );
}

eachProject('sp', () => {
  checkTest(
    'a forged LogoutRequest does not end the session',
    { flow: 'security', checks: ['SP-SEC-SLO-UNSIGNED', 'SP-SEC-SLO-OTHER-USER'] },
    async ({ accord, browser }) => {
      test.setTimeout(120_000);
      await MessageFlows.run(accord, browser, async (session) => {
        const target = logoutTarget(session);
        if (typeof target === 'string') {
          await accord.checks.skipAll(['SP-SEC-SLO-UNSIGNED', 'SP-SEC-SLO-OTHER-USER'], target);
          return;
        }
        const binding = target.redirect ? 'HTTP-Redirect' : 'HTTP-POST';
        await sessionSurvives(session, 'SP-SEC-SLO-UNSIGNED', async (d) => {
          const subject = await assertedSubject(session, d.flowId);
          const { xml } = buildLogoutRequest({
            issueInstant: new Date(),
            destination: target.endpoint.location,
            issuer: accord.runtime.counterpart.entityId,
            ...subject,
          });
          await sendLogoutRequest(d.page!, target.endpoint, target.redirect, xml);
          return `an unsigned LogoutRequest for ${subject.nameId.value}${subject.sessionIndex ? ` (SessionIndex ${subject.sessionIndex})` : ''} by ${binding} to ${target.endpoint.location} (flow ${d.flowId})`;
        });
        // Issued before the victim signs in: it names another user, so no flow and no SessionIndex.
        const issued = await accord.counterpart.issueLogoutRequest({
          sp: accord.runtime.targetEntityId,
          user: session.forged.username,
          binding: target.redirect ? 'redirect' : 'post',
        });
        await sessionSurvives(session, 'SP-SEC-SLO-OTHER-USER', async (d) => {
          const page = d.page!;
          if (issued.query) {
            const sep = issued.url.includes('?') ? '&' : '?';
            await page.goto(`${issued.url}${sep}${issued.query}`).catch(() => undefined);
          } else {
            await Promise.all([
              page.waitForLoadState('load').catch(() => undefined),
              postForm(page, issued.url, { SAMLRequest: issued.samlRequest }),
            ]);
          }
          const answer = await logoutAnswer(session, d.flowId, issued.id);
          return `a LogoutRequest signed by the IdP for ${session.forged.email} (not the signed-in ${session.genuine.email}) by ${binding} to ${issued.url} (flow ${d.flowId}; ${answer})`;
        });
      });
    },
  );
});

/** What the SP answered the IdP's LogoutRequest, as evidence beside the verdict (SAML profiles 4.4.4.2). */
async function logoutAnswer(session: MessageFlows, flow: string, requestId: string): Promise<string> {
  const entries = await session.accord.counterpart.trace({ flowId: flow });
  const answer = entries.find((e) => e.kind === 'LogoutResponse' && e.info?.inResponseTo === requestId);
  if (!answer) return 'no LogoutResponse reached the IdP';
  const sig = answer.info?.signature as { present?: boolean; valid?: boolean } | undefined;
  return `the SP answered a LogoutResponse with status ${answer.info?.status ?? '(none)'}, ${sig?.valid ? 'validly signed' : sig?.present ? 'with an invalid signature' : 'unsigned'}`;
}
