import { randomBytes } from 'node:crypto';
import type { ResponsePlan } from '../../../lib/admin/protocol.ts';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import {
  FORGED_VALUE_PREFIX,
  NAMEID_COMMENT_SUFFIX,
  TAMPERS,
  XXE_PATHS,
} from '../../../lib/saml/tamper/index.ts';
import type { EchoedIdentity } from '../checks/echo-matches-assertion.ts';
import type { Delivery, MessageFlows } from '../steps/message-flows.ts';
import { defaultBreach, forgedBreach, genuineOnly, type ResponseAttack } from '../steps/probe.ts';
import { readEcho } from '../steps/read-echo.ts';
import { xxeListener } from '../steps/xxe-listener.ts';

const OTHER = 'https://other-sp.accord.test';

/** How far past the target's clock skew a time bound is set: enough for any delivery, small enough to test the skew. */
export const TIME_MARGIN_SECONDS = 30;

/** Each entry breaks exactly one thing in an otherwise genuine, signed Response. */
export const CLAIM_ATTACKS: ResponseAttack[] = [
  { check: 'SP-SEC-UNSIGNED', plan: () => ({ sign: { response: false, assertion: false } }) },
  { check: 'SP-SEC-UNTRUSTED-KEY', plan: () => ({ untrustedKey: true }) },
  { check: 'SP-SEC-AUDIENCE', plan: () => ({ audience: `${OTHER}/sp` }) },
  {
    check: 'SP-SEC-EXPIRED',
    plan: ({ skewSeconds }) => ({ notOnOrAfterSeconds: -(skewSeconds + TIME_MARGIN_SECONDS) }),
  },
  {
    check: 'SP-SEC-NOTBEFORE',
    plan: ({ skewSeconds }) => ({ notBeforeSeconds: skewSeconds + TIME_MARGIN_SECONDS }),
  },
  {
    check: 'SP-SEC-SCD-EXPIRED',
    plan: ({ skewSeconds }) => ({
      subjectConfirmationNotOnOrAfterSeconds: -(skewSeconds + TIME_MARGIN_SECONDS),
    }),
  },
  {
    check: 'SP-SEC-INRESPONSETO',
    needsRequest: true,
    plan: () => ({ inResponseTo: `_${randomBytes(20).toString('hex')}` }),
  },
  {
    check: 'SP-SEC-DESTINATION',
    plan: () => ({ destination: `${OTHER}/acs`, sign: { response: true, assertion: true } }),
  },
  { check: 'SP-SEC-RECIPIENT', plan: () => ({ recipient: `${OTHER}/acs` }) },
  { check: 'SP-SEC-ISSUER', plan: () => ({ issuer: 'https://rogue-idp.accord.test/adfs/services/trust' }) },
];

/** The genuine message signed where the mutation needs a signature, and only there. */
function tamperPlan(name: string): ResponsePlan {
  const needs = TAMPERS.get(name)?.needs;
  if (!needs) throw new Error(`no tamper named ${name} in lib/saml/tamper`);
  if (needs === 'response-signature') return { tamper: name, sign: { response: true, assertion: false } };
  if (needs === 'assertion-signature') return { tamper: name, sign: { response: false, assertion: true } };
  return { tamper: name };
}

function tampered(check: CheckId, name: string): ResponseAttack {
  return { check, plan: () => tamperPlan(name) };
}

/** Signed in from the signed content alone: the forged part took no effect. */
function signedPartOnly(d: Delivery, session: MessageFlows, ignored: string): string | undefined {
  if (!genuineOnly(d, session)) return undefined;
  return `the forged identity never took effect: the target signed in ${session.genuine.email}, the subject of the signed assertion, and ignored ${ignored} (flow ${d.flowId})`;
}

/**
 * Judged by effect: the forged identity signed in is the breach (a MUST failure). Signing in the
 * genuine user from the signed assertion means the unsigned one was discarded; that the Response
 * was accepted at all feeds SP-SEC-MIXED-ASSERTIONS, a SHOULD (SAML profiles 4.1.4.5).
 */
function wrapping(check: CheckId, name: string): ResponseAttack {
  return {
    ...tampered(check, name),
    breach: (d, { session }) => forgedBreach(d, session),
    rightfullyAccepted: (d, { session }) => signedPartOnly(d, session, 'the assertion no signature covers'),
    refuseWhole: 'SP-SEC-MIXED-ASSERTIONS',
  };
}

/**
 * XSW7 leaves the genuine signed assertion the Response's only assertion and hides the forged one
 * in samlp:Extensions, content a receiver may ignore (SAML core 3.2.1): signing in the genuine user
 * is then right, and only the forged identity is a breach.
 */
const xsw7: ResponseAttack = {
  ...tampered('SP-SEC-XSW7', 'xsw7'),
  breach: (d, { session }) => {
    const breach = forgedBreach(d, session);
    return breach && `${breach}, read from samlp:Extensions`;
  },
  rightfullyAccepted: (d, { session }) =>
    genuineOnly(d, session)
      ? `ignored the assertion in samlp:Extensions and signed in ${session.genuine.email}, the subject of the signed assertion (flow ${d.flowId})`
      : undefined,
};

/** The values of the echo the attacker wrote, as `name=value`. */
function forgedValues(echo: EchoedIdentity): string[] {
  return Object.entries(echo.attributes).flatMap(([name, values]) =>
    values.filter((v) => v.includes(FORGED_VALUE_PREFIX)).map((v) => `${name}=${v}`),
  );
}

/**
 * The subject is genuine and only the attribute values are forged, so where the browser ends says
 * nothing: what the application got, on the profile's echo page, is the effect. Read right after the
 * delivery, while the browser holds the session the Response made.
 */
const forgedAttributes: ResponseAttack = {
  ...tampered('SP-SEC-FORGED-ATTRIBUTES', 'forged-attributes'),
  inspect: async (d, ctx) => {
    const echo = ctx.session.accord.profile.login?.echo;
    if (!echo || !d.page || !d.outcome || !genuineOnly(d, ctx.session)) return;
    ctx.echo = await readEcho(d.page, ctx.session.accord, echo).catch((e: Error) => e);
  },
  breach: (d, { session, echo }) => {
    const forged = forgedBreach(d, session);
    if (forged) return forged;
    if (echo instanceof Error) throw new Error(`the echo page could not be read: ${echo.message}`);
    const values = echo ? forgedValues(echo) : [];
    if (values.length === 0) return undefined;
    return `the target signed in ${session.genuine.email} and handed the application attribute values from the assertion no signature covers: ${values.join(', ')} (flow ${d.flowId})`;
  },
  rightfullyAccepted: (d, { session, echo }) => {
    if (!echo || echo instanceof Error || !genuineOnly(d, session)) return undefined;
    return `the forged attribute values never took effect: the target signed in ${session.genuine.email} and its application got ${Object.keys(echo.attributes).length} attributes, none from the assertion no signature covers (flow ${d.flowId})`;
  },
  refuseWhole: 'SP-SEC-MIXED-ASSERTIONS',
};

export const XSW_ATTACKS: ResponseAttack[] = [
  wrapping('SP-SEC-XSW1', 'xsw1'),
  wrapping('SP-SEC-XSW2', 'xsw2'),
  wrapping('SP-SEC-XSW3', 'xsw3'),
  wrapping('SP-SEC-XSW4', 'xsw4'),
  wrapping('SP-SEC-XSW5', 'xsw5'),
  wrapping('SP-SEC-XSW6', 'xsw6'),
  xsw7,
  wrapping('SP-SEC-XSW8', 'xsw8'),
  wrapping('SP-SEC-XSW-APPENDED', 'xsw-appended-assertion'),
  forgedAttributes,
];

export const SIGNATURE_ATTACKS: ResponseAttack[] = [
  tampered('SP-SEC-SIG-STRIPPED', 'strip-signature'),
  tampered('SP-SEC-SIG-EMPTY', 'empty-signature-value'),
  tampered('SP-SEC-KEYINFO-CERT', 'keyinfo-attacker-cert'),
  tampered('SP-SEC-SAME-SUBJECT-CERT', 'attacker-cert-same-subject'),
  tampered('SP-SEC-DIGEST-COMMENT', 'digest-comment-forged'),
  {
    // The second Reference names a forged assertion placed before the genuine one: signing in the
    // genuine user shows the forged one took no effect.
    ...tampered('SP-SEC-TWO-REFERENCES', 'two-references'),
    breach: (d, { session }) => forgedBreach(d, session),
    rightfullyAccepted: (d, { session }) =>
      signedPartOnly(d, session, 'the assertion the second Reference names'),
  },
  tampered('SP-SEC-SHA1', 'sha1-downgrade'),
  {
    check: 'SP-SEC-NAMEID-COMMENT',
    plan: () => tamperPlan('nameid-comment'),
    // The IdP vouches for `<forged email>.evil.test`, a real account: signing that one in is right.
    // Only the name before the comment, the forged user's own email, is a breach.
    breach: (d, { session }) => {
      if (!d.outcome) return undefined;
      const account = `${session.forged.email}${NAMEID_COMMENT_SUFFIX}`;
      const shown = { ...d.outcome, bodyText: d.outcome.bodyText.split(account).join('') };
      if (!session.judge(shown, session.forged).signedIn) return undefined;
      return `the comment truncated the NameID: the target signed in ${session.forged.email} instead of ${account} (flow ${d.flowId})`;
    },
    rightfullyAccepted: (d, { session }) => {
      const account = `${session.forged.email}${NAMEID_COMMENT_SUFFIX}`;
      if (!d.outcome || !session.judge(d.outcome, { ...session.forged, email: account }).signedIn)
        return undefined;
      return `signed in ${account}, the whole NameID the IdP signed, not the ${session.forged.email} before the comment (flow ${d.flowId})`;
    },
  },
];

/** How long a target that fetches entities in the background gets before the listener is read. */
const XXE_GRACE_MS = 300;

export const HOSTILE_XML_ATTACKS: ResponseAttack[] = [
  {
    check: 'SP-SEC-XXE',
    plan: async ({ token }) => ({
      ...tamperPlan('doctype-xxe'),
      tamperOptions: { xxeUrl: `${(await xxeListener()).url}/${token}` },
    }),
    breach: async (d, { session, token }) => {
      const listener = await xxeListener();
      if (listener.hits(token).length === 0) await new Promise((r) => setTimeout(r, XXE_GRACE_MS));
      const hits = listener.hits(token);
      const fetched = hits.map((h) => {
        const kind = Object.entries(XXE_PATHS).find(([, p]) => h === `/${p}`)?.[0];
        return kind ? `${kind} (${h})` : h;
      });
      if (hits.length > 0)
        return `the target fetched ${fetched.join(', ')} from the suite's listener (flow ${d.flowId})`;
      return defaultBreach(d, session);
    },
  },
  tampered('SP-SEC-ENTITY-EXPANSION', 'entity-expansion'),
  tampered('SP-SEC-TWO-ROOTS', 'two-roots'),
];
