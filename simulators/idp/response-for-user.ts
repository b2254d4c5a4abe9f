import { encodePostMessage } from '../../lib/saml/bindings.ts';
import { newSamlId, samlInstant } from '../../lib/saml/ids.ts';
import {
  buildResponse,
  type ResponseAttribute,
  type ResponseModel,
} from '../../lib/saml/response/build-response.ts';
import {
  ATTRIBUTE_NAME_FORMAT_URNS,
  type AttributeRule,
  NAME_ID_FORMAT_URNS,
  NAME_ID_SOURCE,
  type ScenarioUser,
} from '../../lib/scenario/types.ts';
import type { AssertedNameId } from './asserted-subjects.ts';
import type { IdpContext } from './context.ts';
import { WRONG } from './defects.ts';
import { encryptForSp } from './encrypt-for-sp.ts';
import type { TrustedSp } from './peers.ts';
import { mergeChanges, type ResponseChanges } from './response-changes.ts';
import type { IdpSession } from './session.ts';
import { findTamper } from './tamper-hook.ts';
import { untrustedKey } from './untrusted-key.ts';

export interface ResponseTarget {
  sp: TrustedSp;
  acsUrl: string;
  /** AuthnRequest ID; absent for an unsolicited (IdP-initiated) Response. */
  inResponseTo?: string;
  relayState?: string;
  flow?: string;
}

export interface ResponseStatus {
  code: string;
  subCode?: string;
  message?: string;
}

export interface OutgoingResponse {
  xml: string;
  /** Base64, the HTTP-POST form value. */
  samlResponse: string;
  relayState?: string;
  info: Record<string, unknown>;
}

const UID_OID = 'urn:oid:0.9.2342.19200300.100.1.1';

/** The attribute an SP such as Webex reads as "uid", however the IdP names it. */
export function isUidAttribute(a: { name: string; friendlyName?: string }): boolean {
  return a.name === 'uid' || a.friendlyName === 'uid' || a.name.endsWith('/uid') || a.name === UID_OID;
}

function userValues(user: ScenarioUser, field: keyof ScenarioUser): string[] {
  if (field === 'password') return [];
  const v = user[field];
  if (Array.isArray(v)) return v.map(String);
  return v === undefined || v === '' ? [] : [String(v)];
}

function ruleValues(ctx: IdpContext, rule: AttributeRule, user: ScenarioUser): string[] {
  if (rule.value !== undefined) return [ctx.fill(rule.value)];
  if (rule.from === 'tenantId') return ctx.scenario.idp.tenantId ? [ctx.scenario.idp.tenantId] : [];
  return rule.from ? userValues(user, rule.from) : [];
}

function attributesFor(ctx: IdpContext, user: ScenarioUser, c: ResponseChanges): ResponseAttribute[] {
  const omit = new Set(c.omitAttributes ?? []);
  const out: ResponseAttribute[] = [];
  for (const rule of ctx.scenario.idp.attributes) {
    if (omit.has(rule.name) || (rule.friendlyName !== undefined && omit.has(rule.friendlyName))) continue;
    const uid = isUidAttribute(rule);
    if (uid && c.omitUid) continue;
    let values = ruleValues(ctx, rule, user);
    if (values.length === 0) continue;
    if (uid && c.uidUpperCase) values = values.map((v) => v.toUpperCase());
    out.push({
      name: rule.name,
      nameFormat: rule.nameFormat ? ATTRIBUTE_NAME_FORMAT_URNS[rule.nameFormat] : undefined,
      friendlyName: rule.friendlyName,
      values,
    });
  }
  return out;
}

/**
 * The NameID this IdP asserts for `user` to `sp`. A transient value comes from `session` (one per
 * SP and sign-in); without a session it is a fresh one.
 */
export function assertedNameId(
  ctx: IdpContext,
  user: ScenarioUser,
  sp: TrustedSp,
  c: ResponseChanges,
  session?: IdpSession,
): AssertedNameId {
  const idp = ctx.scenario.idp;
  // The target profile's NameID wins over the scenario's: it is what that SP needs to work at all.
  const format = sp.nameId?.format ?? idp.nameId.format;
  const from = sp.nameId ? (sp.nameId.from ?? NAME_ID_SOURCE[sp.nameId.format]) : idp.nameId.from;
  let value: string;
  if (c.nameId !== undefined) value = c.nameId;
  else if (from !== 'random') value = userValues(user, from)[0] ?? user.username;
  else {
    value = session?.transientNameIds.get(sp.entityId) ?? newSamlId('_');
    session?.transientNameIds.set(sp.entityId, value);
  }
  return {
    value,
    format: c.nameIdFormat ?? NAME_ID_FORMAT_URNS[format],
    nameQualifier: idp.nameId.nameQualifier ? ctx.entityId : undefined,
    spNameQualifier: idp.nameId.spNameQualifier ? sp.entityId : undefined,
  };
}

/** A tamper could not be applied to this Response (it lacks what the attack mutates, typically a signature). */
export class TamperFailure extends Error {}

/** Whom a tampered Response tries to pass as: the first scenario user other than the one signed in. */
function victimOf(ctx: IdpContext, user: ScenarioUser | undefined): string {
  const victim = ctx.scenario.users.find((u) => u.username !== user?.username);
  return victim?.email ?? 'victim@accord.test';
}

async function applyTamper(
  ctx: IdpContext,
  name: string,
  xml: string,
  attackerNameId: string,
): Promise<string> {
  const fn = await findTamper(name);
  if (!fn) throw new TamperFailure(`unknown tamper "${name}"`);
  try {
    return await fn(xml, {
      attackerNameId,
      attackerKey: untrustedKey(ctx.look.signingCommonName, ctx.look.organization),
      realKey: ctx.signing,
      otherAudience: WRONG.audience,
      otherDestination: WRONG.destination,
      otherIssuer: WRONG.issuer,
    });
  } catch (e) {
    if ((e as Error).name === 'TamperNotApplicable') throw new TamperFailure((e as Error).message);
    throw e;
  }
}

const seconds = (d: Date, s: number) => new Date(d.getTime() + s * 1000);

/**
 * The Response this IdP sends for `signedIn` (or, without a user, an error Response with no
 * assertion), shaped by the scenario, then by the startup defects and the flow's ResponsePlan;
 * signed, tampered with when the plan says so, and recorded in the trace.
 */
export async function buildOutgoingResponse(
  ctx: IdpContext,
  session: IdpSession,
  target: ResponseTarget,
  signedIn: ScenarioUser | undefined,
  status?: ResponseStatus,
): Promise<OutgoingResponse> {
  const idp = ctx.scenario.idp;
  const plan = ctx.plans.get(target.flow);
  const c = mergeChanges(ctx.defectChanges, plan);
  const shift = c.timeShiftSeconds ?? 0;
  const now = seconds(ctx.now(), shift);
  const entityId = ctx.entityId;
  const inResponseTo = c.inResponseTo === null ? undefined : (c.inResponseTo ?? target.inResponseTo);
  const user = signedIn && c.userFields ? { ...signedIn, ...c.userFields } : signedIn;
  const nameId: AssertedNameId = user ? assertedNameId(ctx, user, target.sp, c, session) : { value: '' };
  const model: ResponseModel = {
    issuer: c.issuer ?? entityId,
    destination: c.destination ?? target.acsUrl,
    inResponseTo,
    audience: c.audience ?? target.sp.entityId,
    recipient: c.recipient ?? target.acsUrl,
    nameId,
    attributes: user ? attributesFor(ctx, user, c) : [],
    issueInstant: now,
    notBefore: seconds(now, -idp.notBeforeSkewSeconds),
    notOnOrAfter: seconds(now, idp.assertionLifetimeSeconds),
    subjectConfirmationNotOnOrAfter: seconds(now, idp.assertionLifetimeSeconds),
    authnInstant: session.authnInstant ? seconds(session.authnInstant, shift) : now,
    sessionIndex: session.sessionIndex,
    sessionNotOnOrAfter:
      idp.sessionNotOnOrAfterSeconds === undefined ? undefined : seconds(now, idp.sessionNotOnOrAfterSeconds),
    authnContextClassRef: idp.authnContextClassRef,
    statusCode: c.statusCode ?? status?.code,
    subStatusCode: status?.subCode,
    statusMessage: status?.message,
    omitAssertion: !user,
    extraAssertionCopies: c.extraAssertionCopies,
  };
  if (ctx.defects.includes('schema-invalid')) {
    // A dateTime with a space instead of "T" breaks only the schema (xs:dateTime), not the signature.
    model.issueInstant = samlInstant(now).replace('T', ' ');
  }
  const key = c.untrustedKey
    ? untrustedKey(ctx.look.signingCommonName, ctx.look.organization)
    : ctx.rollover.keyFor(c.signingKey);
  const signed = {
    response: c.sign?.response ?? idp.signing.response,
    assertion: c.sign?.assertion ?? idp.signing.assertion,
    signatureAlgorithm: c.signatureAlgorithm ?? idp.signing.signatureAlgorithm,
    digestAlgorithm: c.digestAlgorithm ?? idp.signing.digestAlgorithm,
    untrustedKey: !!c.untrustedKey,
    signingKey: c.untrustedKey ? null : (c.signingKey ?? 'current'),
  };
  const built = buildResponse(model, {
    // An encrypted assertion gets the Response signature after encryption, over the ciphertext.
    signResponse: signed.response && !c.encryptAssertion,
    signAssertion: signed.assertion,
    signatureAlgorithm: signed.signatureAlgorithm,
    digestAlgorithm: signed.digestAlgorithm,
    key: key.key,
    certPem: key.certPem,
  });
  let xml = built.xml;
  let tamper: { name: string; attackerNameId: string } | undefined;
  if (c.tamper) {
    tamper = { name: c.tamper, attackerNameId: victimOf(ctx, user) };
    xml = await applyTamper(ctx, c.tamper, xml, tamper.attackerNameId);
  }
  const plaintext = xml;
  if (c.encryptAssertion && user) {
    xml = await encryptForSp(xml, built.responseId, target.sp, c.encryptAssertion, {
      response: signed.response,
      signatureAlgorithm: signed.signatureAlgorithm,
      digestAlgorithm: signed.digestAlgorithm,
      key,
    });
  }
  if (user && target.flow) {
    ctx.asserted.remember(target.flow, target.sp.entityId, {
      user: user.username,
      nameId,
      sessionIndex: model.sessionIndex,
      responseId: built.responseId,
    });
  }
  const relayState = c.dropRelayState ? undefined : (c.relayState ?? target.relayState);
  const samlResponse = encodePostMessage(xml);
  const info: Record<string, unknown> = {
    responseId: built.responseId,
    nameId: user ? nameId.value : null,
    user: user?.username ?? null,
    sp: target.sp.entityId,
    acs: target.acsUrl,
    inResponseTo: inResponseTo ?? null,
    status: model.statusCode ?? null,
    plan: plan ?? null,
    defects: ctx.defects,
    signed,
    tamper: tamper ?? null,
    // What the SP must decrypt to, for people reading the trace.
    ...(xml !== plaintext ? { encrypted: c.encryptAssertion, plaintext } : {}),
  };
  ctx.trace.record({
    flow: target.flow,
    direction: 'out',
    from: 'IdP',
    to: 'SP',
    kind: 'Response',
    binding: 'HTTP-POST',
    method: 'POST',
    url: target.acsUrl,
    relayState,
    raw: samlResponse,
    decoded: xml,
    info,
  });
  return { xml, samlResponse, relayState, info };
}
