import { nextTurn } from '../../async/next-turn.ts';
import type { TraceCheck } from '../../trace/types.ts';
import { NS } from '../namespaces.ts';
import { descendants } from '../safe-xml.ts';
import { validateSamlXml } from '../schema/validator.ts';
import { buildView } from './build-view.ts';
import * as algorithm from './check-algorithm.ts';
import * as unique from './check-assertion-unique.ts';
import * as audience from './check-audience.ts';
import * as bearer from './check-bearer.ts';
import * as destination from './check-destination.ts';
import * as inResponseTo from './check-in-response-to.ts';
import * as issuer from './check-issuer.ts';
import * as nameIdFormat from './check-nameid-format.ts';
import * as signed from './check-signed.ts';
import * as status from './check-status.ts';
import * as time from './check-time.ts';
import * as uid from './check-uid.ts';
import * as xml from './check-xml.ts';
import { firstTextNode, readIdentity } from './read-identity.ts';
import { type ReadResult, readResponseWith } from './read-response.ts';
import type { CheckFn, ResponseView, ValidationContext, ValidationResult } from './types.ts';
import { verdict } from './verdict.ts';
import { attr, chosenBearer, conditionsOf, parseInstant } from './xml-read.ts';

/** Every IDP-* check the reference SP evaluates on a Response, in report order. */
export const RESPONSE_CHECKS: ReadonlyArray<readonly [string, CheckFn]> = [
  [xml.ID, xml.checkXml],
  [status.ID, status.checkStatus],
  [signed.ID, signed.checkSigned],
  [algorithm.ID, algorithm.checkAlgorithm],
  [issuer.ID, issuer.checkIssuer],
  [destination.ID, destination.checkDestination],
  [inResponseTo.ID, inResponseTo.checkInResponseTo],
  [bearer.ID, bearer.checkBearer],
  [audience.ID, audience.checkAudience],
  [time.ID, time.checkTime],
  [unique.ID, unique.checkAssertionUnique],
  [nameIdFormat.ID, nameIdFormat.checkNameIdFormat],
  [uid.ID, uid.checkUid],
];

/** How long an accepted assertion ID stays in the replay cache when it states no expiry of its own. */
const DEFAULT_REPLAY_WINDOW_MS = 60 * 60 * 1000;

/**
 * Runs every check on an HTTP-POST SAMLResponse and reports them all, failing or not. The Response
 * is accepted only when no check failed and the assertion is covered by a valid signature (or a
 * seeded defect says otherwise); the identity is read only from that signed element.
 */
export async function validateResponse(
  samlResponse: string | undefined,
  ctx: ValidationContext,
): Promise<ValidationResult> {
  return validateRead(await readResponseWith(samlResponse, ctx.defects), ctx);
}

/** validateResponse on a message already read (readResponseWith), so a caller that needs it too parses it once. */
export async function validateRead(read: ReadResult, ctx: ValidationContext): Promise<ValidationResult> {
  if (!read.received) {
    const detail = read.error?.message ?? 'the Response could not be read';
    return {
      accepted: false,
      xml: read.xml,
      inputError: read.error,
      checks: RESPONSE_CHECKS.map(([id]) =>
        id === xml.ID
          ? { id, status: 'fail', detail }
          : { id, status: 'skip', detail: 'the Response could not be read' },
      ),
    };
  }
  const schema = await validateSamlXml(read.received.xml);
  const view = buildView(read.received, schema, ctx);
  await nextTurn();
  const checks: TraceCheck[] = RESPONSE_CHECKS.map(([id, run]) => verdict(id, run(view, ctx), ctx.defects));
  const inResponseToValue = view.response.getAttribute('InResponseTo') || undefined;
  const assertionId = view.assertion?.getAttribute('ID') || undefined;
  const identity = view.assertionTrusted && view.assertion ? identityOf(view, ctx) : undefined;
  // A tolerated failure stays a failure in the record; only the refusal is waived, and never the
  // signature's: the identity is read from a trusted assertion or not at all.
  const accepted =
    identity !== undefined && !checks.some((c) => c.status === 'fail' && !ctx.tolerated?.has(c.id));
  if (accepted && assertionId) ctx.replayCache.add(assertionId, replayUntil(view, ctx));
  return {
    accepted,
    checks,
    identity: accepted ? identity : undefined,
    assertionId,
    inResponseTo: inResponseToValue,
    xml: read.received.xml,
  };
}

/**
 * Claims come from the signed element as verified. Under nameid-first-text they come, as in the
 * vulnerable SPs, from the received tree (where comments still split text) read by first text node.
 */
function identityOf(view: ResponseView, ctx: ValidationContext) {
  const assertion = view.assertion!;
  if (!ctx.defects.has('nameid-first-text')) return readIdentity(assertion);
  const id = assertion.getAttribute('ID');
  const twin = descendants(view.received, NS.saml, 'Assertion').find((a) => a.getAttribute('ID') === id);
  return readIdentity(twin ?? assertion, firstTextNode);
}

function replayUntil(view: ResponseView, ctx: ValidationContext): Date {
  const a = view.assertion!;
  const limits = [
    parseInstant(attr(conditionsOf(a), 'NotOnOrAfter')),
    parseInstant(chosenBearer(a, ctx.receivedAt)?.notOnOrAfter),
  ].filter((d): d is Date => d !== undefined);
  const latest =
    limits.length > 0
      ? Math.max(...limits.map((d) => d.getTime()))
      : ctx.now.getTime() + DEFAULT_REPLAY_WINDOW_MS;
  return new Date(Math.max(latest, ctx.now.getTime()) + ctx.skewSeconds * 1000);
}
