import type { APIRequestContext } from '@playwright/test';
import { encodePostMessage, encodeRedirectMessage } from '../../../lib/saml/bindings.ts';
import { buildLogoutRequest } from '../../../lib/saml/logout/build-logout-request.ts';
import { pickEndpoint } from '../../../lib/saml/metadata/parse-metadata.ts';
import { elementBomb, oversized } from '../../../lib/saml/tamper/index.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { test } from '../../fixtures/index.ts';
import type { AcsOutcome } from '../../fixtures/success-detector.ts';
import { HOSTILE_XML_ATTACKS } from '../attacks/response-attacks.ts';
import { captureResponse } from '../steps/capture-response.ts';
import { MessageFlows } from '../steps/message-flows.ts';
import { asProbes, defaultBreach, type Probe, type ProbeResult, runProbes } from '../steps/probe.ts';

/** Far beyond any SAML Response a real IdP sends, and beyond the POST limits of common stacks (PHP 8 MB, Go 10 MB). */
const OVERSIZED_BYTES = 10 * 1024 * 1024;
/** About a million elements: a Redirect URL of under 6 KB carries it. */
const BOMB_BYTES = 4 * 1024 * 1024;
/** Time a target may take on the bomb beyond what a small message takes: refusing it by size costs nothing. */
const BOMB_ALLOWANCE_MS = 2000;
const HTTP_TIMEOUT_MS = 15_000;

type Pending = () => Promise<ProbeResult>;
const now =
  (r: ProbeResult): Pending =>
  async () =>
    r;

const HOSTILE_PROBES: Probe[] = [
  ...asProbes(HOSTILE_XML_ATTACKS),
  { check: 'SP-SEC-OVERSIZED', run: oversizedResponse },
  { check: 'SP-SEC-COMPRESSION-BOMB', run: compressionBomb },
];

eachProject('sp', () => {
  checkTest(
    'rejects hostile XML: external entities, entity expansion, two roots, bombs, oversized messages',
    {
      flow: 'security',
      checks: HOSTILE_PROBES.map((p) => p.check),
    },
    async ({ accord, browser }) => {
      test.setTimeout(120_000);
      await MessageFlows.run(accord, browser, (session) => runProbes(session, HOSTILE_PROBES));
    },
  );
});

function text(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** POSTs a form to the ACS and follows the redirects by hand, so the ACS status is kept. */
async function postToAcs(
  api: APIRequestContext,
  acsUrl: string,
  form: Record<string, string>,
): Promise<AcsOutcome> {
  let res = await api.post(acsUrl, { form, maxRedirects: 0, timeout: HTTP_TIMEOUT_MS });
  const acsStatus = res.status();
  let url = acsUrl;
  for (let hops = 0; hops < 10 && res.status() >= 300 && res.status() < 400; hops++) {
    const location = res.headers().location;
    if (!location) break;
    url = new URL(location, url).href;
    if (!/^https?:/.test(url)) break;
    res = await api.get(url, { maxRedirects: 0, timeout: HTTP_TIMEOUT_MS });
  }
  return { acsStatus, finalUrl: url, bodyText: text(await res.text()) };
}

/**
 * A fresh genuine Response padded by a comment after its root to 10 MiB: still validly signed, only
 * its size is hostile. Posted with the request context: the browser adds nothing to a form post.
 */
async function oversizedResponse(session: MessageFlows): Promise<Pending> {
  const check = 'SP-SEC-OVERSIZED';
  const via = session.via();
  if (!via)
    return now({ check, kind: 'skip', detail: 'the target declares no login flow this check can ride on' });
  try {
    const captured = await captureResponse(session, via);
    const xml = Buffer.from(captured.samlResponse, 'base64').toString('utf8');
    const form: Record<string, string> = { SAMLResponse: encodePostMessage(oversized(xml, OVERSIZED_BYTES)) };
    if (captured.relayState) form.RelayState = captured.relayState;
    let outcome: AcsOutcome;
    try {
      outcome = await postToAcs(captured.context.request, session.acsUrl, form);
    } catch (e) {
      const why = (e as Error).message.split('\n')[0];
      return now({
        check,
        kind: 'refused',
        via,
        detail: `the target closed the connection (flow ${captured.flowId}: ${why})`,
      });
    }
    const breach = defaultBreach({ flowId: captured.flowId, via, outcome }, session);
    return now(
      breach
        ? { check, kind: 'breach', detail: `a ${OVERSIZED_BYTES}-byte Response was accepted: ${breach}` }
        : {
            check,
            kind: 'refused',
            via,
            detail: `a ${OVERSIZED_BYTES}-byte Response was refused (flow ${captured.flowId}: ACS answered ${outcome.acsStatus})`,
          },
    );
  } catch (e) {
    return now({ check, kind: 'broken', detail: (e as Error).message.split('\n')[0] });
  }
}

async function timed(
  api: APIRequestContext,
  url: string,
): Promise<{ ms: number; status?: number; error?: string }> {
  const start = Date.now();
  try {
    const res = await api.get(url, { timeout: HTTP_TIMEOUT_MS, maxRedirects: 0 });
    await res.body();
    return { ms: Date.now() - start, status: res.status() };
  } catch (e) {
    return { ms: Date.now() - start, error: (e as Error).message.split('\n')[0] };
  }
}

/**
 * A LogoutRequest that inflates to about a million elements, on every HTTP-Redirect endpoint the
 * target publishes. A target that caps what it inflates answers as fast as it answers a small
 * message; one that inflates and parses everything takes seconds (or never answers).
 */
async function compressionBomb(session: MessageFlows): Promise<Pending> {
  const check = 'SP-SEC-COMPRESSION-BOMB';
  const sp = session.accord.metadata.sp;
  const endpoint = sp ? pickEndpoint(sp.sloServices, 'redirect') : undefined;
  if (!endpoint) {
    return now({
      check,
      kind: 'skip',
      detail: 'the target publishes no HTTP-Redirect endpoint to send the bomb to',
    });
  }
  const via = session.via() ?? 'sp-initiated';
  const { context, flowId } = await session.nextFlow();
  const sep = endpoint.location.includes('?') ? '&' : '?';
  const small = `${endpoint.location}${sep}SAMLRequest=${encodeURIComponent(
    encodeRedirectMessage(
      buildLogoutRequest({
        issueInstant: new Date(),
        destination: endpoint.location,
        issuer: session.accord.runtime.counterpart.entityId,
        nameId: { value: 'nobody@accord.test' },
      }).xml,
    ),
  )}`;
  const bomb = `${endpoint.location}${sep}SAMLRequest=${encodeURIComponent(elementBomb(BOMB_BYTES))}`;
  const base = await timed(context.request, small);
  const hit = await timed(context.request, bomb);
  const facts = `${BOMB_BYTES} bytes once inflated, ${bomb.length}-character URL, to ${endpoint.location} (flow ${flowId}): answered in ${hit.ms} ms${hit.status ? ` with ${hit.status}` : ''}; a small message took ${base.ms} ms`;
  if (hit.error)
    return now({ check, kind: 'breach', detail: `no answer to the bomb: ${hit.error}; ${facts}` });
  if (hit.ms > base.ms + BOMB_ALLOWANCE_MS) {
    return now({
      check,
      kind: 'breach',
      detail: `the target spent its time inflating and parsing: ${facts}`,
    });
  }
  return now({ check, kind: 'refused', via, detail: facts });
}
