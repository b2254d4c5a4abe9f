import type { Browser } from '@playwright/test';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import { tryRolloverHook } from '../../../lib/protocol/run-rollover-hook.ts';
import { readTargetMetadata } from '../../../lib/protocol/saml2/read-target-metadata.ts';
import type { ParsedMetadata } from '../../../lib/saml/metadata/parse-metadata.ts';
import { whyNoKeyRollover } from '../../../lib/target/key-rollover.ts';
import type { RolloverStep } from '../../../lib/target/types.ts';
import { type Accord, test } from '../../fixtures/index.ts';
import { MessageFlows, type Via } from '../steps/message-flows.ts';
import { judgeRequestSigningKey } from './request-signing-key.ts';
import { signsIn } from './signs-in.ts';

/** The SP's own key rollover (seed "Renew SP certificate"), driven by its keyRollover hooks. */
export const SP_ROLLOVER_CHECKS: readonly CheckId[] = ['SP-ROLL-04', 'SP-ROLL-05', 'SP-ROLL-06'];

/**
 * The target publishes a next encryption certificate, switches to it and retires the old one, as
 * its profile's keyRollover hooks make it; the IdP simulator encrypts to the certificates of the
 * SP metadata it holds, re-read after each step as an IdP administrator would upload it. Between
 * the switch and the retirement, the AuthnRequest of an SP-initiated login shows which signing key
 * the target has switched to. Whatever happens, the IdP simulator ends holding the target's
 * metadata as it then stands.
 */
export async function followSpKeyRollover(accord: Accord, browser: Browser): Promise<void> {
  const { checks } = accord;
  const why = whyNoKeyRollover(accord.profile);
  if (why) {
    await checks.skipAll(SP_ROLLOVER_CHECKS, why);
    test.skip(true, why);
    return;
  }
  await MessageFlows.run(accord, browser, async (session) => {
    const via = session.via();
    if (!via) {
      await checks.skipAll(SP_ROLLOVER_CHECKS, 'the target declares no login a Response can be delivered to');
      return;
    }
    try {
      await rollover(accord, session, via);
    } finally {
      await test.step('hand the IdP simulator the SP metadata as it now stands', () => retrust(accord));
    }
  });
}

/** The target's metadata as it now stands, handed to the IdP simulator (which replaces its copy). */
async function retrust(accord: Accord): Promise<ParsedMetadata> {
  const md = await readTargetMetadata(accord.profile, accord.vars);
  await accord.counterpart.trustPeer(md.xml, accord.profile.nameId);
  return md;
}

const encryptionCerts = (md: ParsedMetadata) => md.sp?.certs.encryption ?? [];

async function rollover(accord: Accord, session: MessageFlows, via: Via): Promise<void> {
  const { checks, profile } = accord;
  const hook = (step: RolloverStep) =>
    test.step(`keyRollover.${step}`, () => tryRolloverHook(profile, step, accord.vars));
  const encryptedTo = (certificate: number) => signsIn(session, via, { encryptAssertion: { certificate } });
  // Whether a plain login still works: a refusal with encryption means nothing without it.
  const control = () => signsIn(session, via, {});

  const before = await test.step('hand the IdP simulator the SP metadata before the rollover', () =>
    retrust(accord));
  const old = encryptionCerts(before)[0];
  if (!old) {
    const why =
      'the target declares encryptedAssertions but its metadata publishes no encryption certificate';
    for (const id of SP_ROLLOVER_CHECKS) await checks.inconclusive(id, why);
    return;
  }
  const published = await hook('publish');
  if ('error' in published) {
    const why = `the target could not be made to publish a next key: ${published.error}`;
    for (const id of SP_ROLLOVER_CHECKS) await checks.inconclusive(id, why);
    return;
  }
  // The IdP still holds the metadata from before: it encrypts to the old certificate, as an IdP not yet updated does.
  const toOld = await encryptedTo(0);
  const during = await test.step('hand the IdP simulator the SP metadata listing the next key', () =>
    retrust(accord));
  const duringCerts = encryptionCerts(during);
  const fresh = duringCerts.find((c) => !encryptionCerts(before).includes(c));
  if (!fresh) {
    await checks.fail(
      'SP-ROLL-04',
      `after keyRollover.publish (${published.how}) the SP metadata lists no encryption certificate it did not list before (${duringCerts.length} listed)`,
    );
  } else {
    const toFresh = await encryptedTo(duringCerts.indexOf(fresh));
    const detail = `with the next encryption certificate published (${published.how}), an assertion encrypted to the old certificate: ${toOld.detail}; to the new one: ${toFresh.detail}`;
    if (toOld.ok && toFresh.ok) await checks.pass('SP-ROLL-04', detail);
    else {
      const plain = await control();
      if (plain.ok) await checks.fail('SP-ROLL-04', detail);
      else
        await checks.inconclusive(
          'SP-ROLL-04',
          `${detail}; an unencrypted Response did not sign in either (${plain.detail})`,
        );
    }
  }

  const switched = await hook('switch');
  if ('error' in switched) {
    const why = `the target could not be made to switch keys: ${switched.error}`;
    for (const id of ['SP-ROLL-05', 'SP-ROLL-06'] as const) await checks.inconclusive(id, why);
    return;
  }
  // The IdP simulator still holds the metadata listing both keys, so either signature is taken and the login goes on.
  await judgeRequestSigningKey(accord, session, { before, during, switched: switched.how });
  const retired = await hook('retire');
  if ('error' in retired) {
    await checks.inconclusive('SP-ROLL-05', `the target could not be made to retire keys: ${retired.error}`);
    return;
  }
  const after = await test.step('hand the IdP simulator the SP metadata after the retirement', () =>
    retrust(accord));
  const afterCerts = encryptionCerts(after);
  const results = [];
  for (const [i, cert] of afterCerts.entries()) {
    const r = await encryptedTo(i);
    const which =
      cert === fresh
        ? 'the new certificate'
        : cert === old
          ? 'the retired certificate'
          : `certificate ${i + 1}`;
    results.push({ ok: r.ok, line: `encrypted to ${which}: ${r.detail}` });
  }
  const lines = results.map((r) => r.line).join('; ');
  if (fresh && !afterCerts.includes(fresh)) {
    await checks.fail(
      'SP-ROLL-05',
      `after keyRollover.switch and retire the SP metadata no longer lists the new encryption certificate it published during the rollover (it lists ${afterCerts.length})${lines ? `; ${lines}` : ''}`,
    );
  } else if (results.length === 0) {
    await checks.fail('SP-ROLL-05', 'after the retirement the SP metadata lists no encryption certificate');
  } else if (results.every((r) => r.ok)) {
    await checks.pass('SP-ROLL-05', `the IdP re-read the SP metadata after the retirement; ${lines}`);
  } else {
    const plain = await control();
    if (plain.ok)
      await checks.fail(
        'SP-ROLL-05',
        `after the retirement the SP metadata lists an encryption certificate the SP does not decrypt with; ${lines}`,
      );
    else
      await checks.inconclusive(
        'SP-ROLL-05',
        `${lines}; an unencrypted Response did not sign in either (${plain.detail})`,
      );
  }
}
