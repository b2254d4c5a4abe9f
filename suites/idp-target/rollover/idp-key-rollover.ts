import type { Browser } from '@playwright/test';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import { tryRolloverHook } from '../../../lib/protocol/run-rollover-hook.ts';
import { readTargetMetadata } from '../../../lib/protocol/saml2/read-target-metadata.ts';
import type { ParsedMetadata } from '../../../lib/saml/metadata/parse-metadata.ts';
import { parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../../lib/saml/verify-xml-signature.ts';
import { whyNoKeyRollover } from '../../../lib/target/key-rollover.ts';
import type { RolloverStep } from '../../../lib/target/types.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import { type Accord, test } from '../../fixtures/index.ts';
import { spInitiatedAtTarget } from '../steps/idp-login.ts';

/** The IdP target's own signing key rollover, driven by its profile's keyRollover hooks. */
export const IDP_KEY_ROLLOVER_CHECKS: readonly CheckId[] = ['IDP-ROLL-03', 'IDP-ROLL-04', 'IDP-ROLL-05'];
const STEPS = IDP_KEY_ROLLOVER_CHECKS;

const signingCerts = (md: ParsedMetadata) => md.idp?.certs.signing ?? [];

/**
 * The target publishes a next signing key, switches to it and retires the old one, as its hooks
 * make it; after each step its metadata is read again and handed to the reference SP (as an SP
 * administrator uploads it), and a login shows which key signed. Whatever happens, the reference SP
 * ends trusting the target's metadata as it then stands.
 */
export async function followIdpKeyRollover(accord: Accord, browser: Browser): Promise<void> {
  const { checks, profile } = accord;
  const why = whyNoKeyRollover(profile);
  if (why) {
    await checks.skipAll(STEPS, why);
    test.skip(true, why);
    return;
  }
  if (!profile.capabilities.spInitiated) {
    await checks.skipAll(STEPS, 'the target declares no SP-initiated SSO');
    return;
  }
  const binding = profile.capabilities.bindings.includes('redirect') ? 'redirect' : 'post';
  const login = (certs: readonly string[]) => signedLogin(browser, accord, binding, certs);
  try {
    await rollover(accord, login);
  } finally {
    await test.step('hand the reference SP the IdP metadata as it now stands', () => retrust(accord));
  }
}

async function retrust(accord: Accord): Promise<ParsedMetadata> {
  const md = await readTargetMetadata(accord.profile, accord.vars);
  await accord.counterpart.trustPeer(md.xml);
  return md;
}

type Login = (certs: readonly string[]) => Promise<SignedLogin>;

async function rollover(accord: Accord, login: Login): Promise<void> {
  const { checks, profile } = accord;
  const hook = (step: RolloverStep) =>
    test.step(`keyRollover.${step}`, () => tryRolloverHook(profile, step, accord.vars));
  const before = await test.step('hand the reference SP the IdP metadata before the rollover', () =>
    retrust(accord));
  const old = signingCerts(before);
  const published = await hook('publish');
  if ('error' in published) {
    const why = `the target could not be made to publish a next key: ${published.error}`;
    for (const id of STEPS) await checks.inconclusive(id, why);
    return;
  }
  const during = await test.step('hand the reference SP the IdP metadata listing the next key', () =>
    retrust(accord));
  const fresh = signingCerts(during).filter((c) => !old.includes(c));
  const first = await login(signingCerts(during));
  if (fresh.length === 0) {
    await checks.fail(
      'IDP-ROLL-03',
      `after keyRollover.publish (${published.how}) the IdP metadata lists no signing certificate it did not list before (${signingCerts(during).length} listed)`,
    );
  } else if (!old.some((c) => signingCerts(during).includes(c))) {
    await checks.fail(
      'IDP-ROLL-03',
      `after keyRollover.publish (${published.how}) the IdP metadata no longer lists the current signing certificate: the next key was not published beside it`,
    );
  } else if (!first.signedIn || first.signer === undefined) {
    await checks.inconclusive(
      'IDP-ROLL-03',
      `the next key is published, but no signed Response signed the user in to judge which key signs: ${first.evidence}`,
    );
  } else {
    const early = fresh.includes(first.signer);
    await checks.record(
      'IDP-ROLL-03',
      !early,
      early
        ? `the IdP signed with its next key as soon as it was published, before its switch: an SP that has not yet read the new metadata refuses it (${first.evidence})`
        : `the metadata lists the current and the next signing certificate and the Response is still signed with the current key (${first.evidence})`,
    );
  }

  for (const step of ['switch', 'retire'] as const) {
    const done = await hook(step);
    if ('error' in done) {
      const why = `the target could not be made to ${step} keys: ${done.error}`;
      for (const id of step === 'switch' ? STEPS.slice(1) : STEPS.slice(2))
        await checks.inconclusive(id, why);
      return;
    }
    const now = await test.step(`hand the reference SP the IdP metadata after keyRollover.${step}`, () =>
      retrust(accord));
    const listed = signingCerts(now);
    // The new key: the one published for the rollover, or (when none was) whatever the IdP now lists instead of the old.
    const newKeys = fresh.length > 0 ? fresh : listed.filter((c) => !old.includes(c));
    if (step === 'switch') {
      const after = await login(listed);
      const signedNew = after.signer !== undefined && newKeys.includes(after.signer);
      if (after.signer === undefined && !after.signedIn) {
        const withOld = await login(old);
        await checks.record(
          'IDP-ROLL-04',
          false,
          withOld.signer !== undefined
            ? `after the switch the Response is signed with the old key, which the refreshed metadata does not list (${after.evidence})`
            : `after the switch the Response verifies with no certificate of the refreshed metadata: ${after.evidence}`,
        );
      } else if (!after.signedIn) {
        await checks.inconclusive(
          'IDP-ROLL-04',
          `the Response verifies with the refreshed metadata, but the reference SP did not sign the user in: ${after.evidence}`,
        );
      } else {
        await checks.record(
          'IDP-ROLL-04',
          signedNew,
          signedNew
            ? `after the switch the Response is signed with the new key and verifies against the refreshed metadata (${after.evidence})`
            : `after the switch the Response is still signed with the old key (${after.evidence})`,
        );
      }
    } else {
      const kept = old.filter((c) => listed.includes(c));
      const gone = newKeys.filter((c) => !listed.includes(c));
      await checks.record(
        'IDP-ROLL-05',
        kept.length === 0 && gone.length === 0 && newKeys.length > 0,
        kept.length > 0
          ? `after keyRollover.retire (${done.how}) the IdP metadata still lists ${kept.length} retired signing certificate(s)`
          : gone.length > 0 || newKeys.length === 0
            ? `after keyRollover.retire (${done.how}) the IdP metadata no longer lists the new signing certificate`
            : `after keyRollover.retire (${done.how}) the IdP metadata lists only the new signing certificate (${listed.length} listed)`,
      );
    }
  }
}

interface SignedLogin {
  flowId: string;
  signedIn: boolean;
  /** The certificate of `certs` the Response's (or its assertion's) signature verifies with. */
  signer?: string;
  evidence: string;
}

/** An SP-initiated login in a fresh browser context, and which of `certs` signed its Response. */
async function signedLogin(
  browser: Browser,
  accord: Accord,
  binding: 'redirect' | 'post',
  certs: readonly string[],
): Promise<SignedLogin> {
  const context = await browser.newContext();
  try {
    const flowId = await accord.tag(context);
    const result = await spInitiatedAtTarget(await context.newPage(), accord, binding, flowId);
    const response = result.response;
    const signedIn = response?.info?.signedIn === true;
    const signer = response ? certs.find((c) => verifiesWith(response, c)) : undefined;
    return {
      flowId,
      signedIn,
      signer,
      evidence: response
        ? `${signedIn ? 'the reference SP signed the user in' : `the reference SP refused it (${refusedBy(response)})`} (flow ${flowId})`
        : `no Response reached the reference SP; the browser ended at ${result.outcome.finalUrl.split('?')[0]} (flow ${flowId})`,
    };
  } finally {
    await context.close();
  }
}

/** Whether the Response, or its assertion, carries a signature that verifies with `certPem`. */
function verifiesWith(entry: TraceEntry, certPem: string): boolean {
  if (!entry.decoded) return false;
  try {
    const root = parseUntrustedXml(entry.decoded, 'Response').documentElement!;
    return verifyEnvelopedSignatures(entry.decoded, root, { trustedCertsPem: [certPem] }).some(
      (v) => v.valid,
    );
  } catch {
    return false;
  }
}

/** Why the reference SP refused a Response: the checks it failed, or its error. */
function refusedBy(response: TraceEntry): string {
  const failed = (response.checks ?? []).filter((k) => k.status === 'fail').map((k) => k.id);
  return failed.length > 0
    ? `failed ${failed.join(', ')}`
    : String(response.info?.error ?? 'no reason given');
}
