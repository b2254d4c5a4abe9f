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
import { bestOfThree, type Growth } from './best-of-three.ts';

/** Far beyond any SAML Response a real IdP sends, and beyond the POST limits of common stacks (PHP 8 MB, Go 10 MB). */
const OVERSIZED_BYTES = 10 * 1024 * 1024;
/** About a million elements: a Redirect URL of under 6 KB carries it. */
const BOMB_BYTES = 4 * 1024 * 1024;
/** The same bomb an eighth the size: what a target spends on both shows whether its work grows with the bomb. */
const LESSER_BOMB_BYTES = BOMB_BYTES / 8;
/**
 * A target that inflates everything spends about eight times as long on the bomb as on the lesser
 * one (beyond a small message's time); one that caps what it inflates at a megabyte or less, about
 * the same or up to twice. Three times is the line between them; the floor keeps noise on a target
 * that answers both in a blink from counting as growth.
 */
const BOMB_GROWTH = 3;
const BOMB_FLOOR_MS = 300;
const HTTP_TIMEOUT_MS = 15_000;
/**
 * How long the oversized Response may take to be answered. A target that reads and parses all
 * 10 MiB of it on a busy machine has taken more than 15 s here; an answer that never comes leaves
 * the check inconclusive, so the wait is generous.
 */
const OVERSIZED_TIMEOUT_MS = 45_000;

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
      // The target parses a message before it knows which IdP sent it: the scenario changes nothing here.
      oncePerTarget: true,
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
  let res = await api.post(acsUrl, { form, maxRedirects: 0, timeout: OVERSIZED_TIMEOUT_MS });
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
      // No answer at all is not a refusal: the target may still be reading it, or this machine be
      // too busy to tell.
      if (/Timeout \d+ms exceeded/.test(why))
        return now({
          check,
          kind: 'broken',
          detail: `the target answered nothing within ${OVERSIZED_TIMEOUT_MS / 1000} s (flow ${captured.flowId}), so whether it refuses such a Response could not be told`,
        });
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

interface Timed {
  ms: number;
  status?: number;
  error?: string;
}

async function timed(api: APIRequestContext, url: string, timeoutMs: number): Promise<Timed> {
  const start = Date.now();
  try {
    const res = await api.get(url, { timeout: timeoutMs, maxRedirects: 0 });
    await res.body();
    return { ms: Date.now() - start, status: res.status() };
  } catch (e) {
    return { ms: Date.now() - start, error: (e as Error).message.split('\n')[0] };
  }
}

/**
 * A LogoutRequest that inflates to about a million elements, on the target's HTTP-Redirect SLO
 * endpoint. A target that caps what it inflates spends on it what it spends on a bomb an eighth the
 * size; one that inflates and parses everything spends several times as long, or never answers
 * (Shibboleth SP and SimpleSAMLphp inflate all of it, the error column in shibd's log grows with
 * the bomb). The verdict is that growth, measured in the same conditions and found in two rounds
 * of three, not a time a loaded machine could exceed.
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
  const flow = await session.nextFlow().catch((e: Error) => e);
  // Without a flow the setup broke, not the target: the check is inconclusive.
  if (flow instanceof Error)
    return now({
      check,
      kind: 'broken',
      detail: `no flow to send the bomb in: ${flow.message.split('\n')[0]}`,
    });
  const { context, flowId } = flow;
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
  const bombUrl = (bytes: number) =>
    `${endpoint.location}${sep}SAMLRequest=${encodeURIComponent(elementBomb(bytes))}`;
  const urls = { small, lesser: bombUrl(LESSER_BOMB_BYTES), bomb: bombUrl(BOMB_BYTES) };
  const where = `to ${endpoint.location} (flow ${flowId})`;
  const { grew, rounds } = await bestOfThree(() => bombGrowth(context.request, urls));
  const facts = `${where}: ${rounds.map((r, i) => `round ${i + 1}: ${r.facts}`).join('; ')}`;
  if (grew) {
    return now({
      check,
      kind: 'breach',
      detail: `the target's work grew with what the bomb inflates to (beyond a small message's, more than ${BOMB_GROWTH}× what the bomb ${BOMB_BYTES / LESSER_BOMB_BYTES} times smaller cost, plus ${BOMB_FLOOR_MS} ms), so it inflates and parses whatever it is sent, ${facts}`,
    });
  }
  return now({ check, kind: 'refused', via, detail: facts });
}

/**
 * A small message, the lesser bomb and the bomb, back to back in the same conditions. The small
 * message and the lesser bomb are each sent twice and their shorter time kept: a stall only ever
 * lengthens a time, and a lesser bomb slowed by one would raise the limit past what the bomb costs.
 * The wait for the bomb ends once the verdict is known: past the limit it has cost what a target
 * that caps what it inflates never spends.
 */
async function bombGrowth(
  api: APIRequestContext,
  urls: { small: string; lesser: string; bomb: string },
): Promise<Growth> {
  const base = await fastest(api, urls.small);
  const lesser = await fastest(api, urls.lesser);
  const lesserFacts = `the bomb inflating to ${LESSER_BOMB_BYTES} bytes ${lesser.error ? `got no answer in ${lesser.ms} ms (${lesser.error})` : `took ${lesser.ms} ms${lesser.status ? ` (${lesser.status})` : ''}`}, a small message ${base.ms} ms`;
  if (lesser.error) return { grew: true, unanswered: true, facts: lesserFacts };
  const limit = base.ms + BOMB_GROWTH * Math.max(0, lesser.ms - base.ms) + BOMB_FLOOR_MS;
  const hit = await timed(api, urls.bomb, limit);
  const hitFacts = `the bomb inflating to ${BOMB_BYTES} bytes (${urls.bomb.length}-character URL) ${hit.error ? `got no answer within ${limit} ms` : `answered in ${hit.ms} ms${hit.status ? ` with ${hit.status}` : ''}`}`;
  return { grew: !!hit.error || hit.ms > limit, unanswered: false, facts: `${hitFacts}; ${lesserFacts}` };
}

/** The shorter of two tries; an unanswered try is the answer, since the target never replied in time. */
async function fastest(api: APIRequestContext, url: string): Promise<Timed> {
  const first = await timed(api, url, HTTP_TIMEOUT_MS);
  if (first.error) return first;
  const second = await timed(api, url, HTTP_TIMEOUT_MS);
  return second.error || second.ms >= first.ms ? first : second;
}
