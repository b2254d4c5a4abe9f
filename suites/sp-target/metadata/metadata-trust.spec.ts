import { createTestCa } from '../../../lib/pki/index.ts';
import { runMetadataTrustHook, uploadIdpMetadata } from '../../../lib/protocol/saml2/metadata-trust.ts';
import { withTempFile } from '../../../lib/protocol/with-temp-file.ts';
import { declares } from '../../../lib/target/index.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';
import { type Accord, test } from '../../fixtures/index.ts';
import { type TrustProbe, trustProbes } from './trust-probes.ts';

/*
 * The target judges uploaded IdP metadata alone, whatever IdP a scenario has it meet: once per
 * target. Every probe is an IdP of its own with an entityID unique to the run, so no other IdP,
 * routing rule or test of the target is touched; the profile's hooks install and remove the anchor.
 */
eachProject('sp', () => {
  checkTest(
    'takes IdP metadata signed by a trusted CA only, in its mode that requires signed metadata',
    { flow: 'metadata', checks: ['SP-META-TRUST'], oncePerTarget: true },
    async ({ accord }) => {
      if (!declares(accord.profile, 'metadataTrust')) {
        const why =
          'does not apply: the profile does not declare metadataTrust (how Accord installs a trust anchor and uploads IdP metadata that must be signed)';
        await accord.checks.skip('SP-META-TRUST', why);
        test.skip(true, why);
        return;
      }
      const ca = createTestCa({ commonName: 'Accord Metadata Trust Root CA' });
      await withTempFile('accord-metadata-trust-ca.pem', ca.certPem, (caFile) =>
        judge(accord, { ...accord.vars, ca_pem: ca.certPem, ca_file: caFile }, trustProbes(ca)),
      );
    },
  );
});

interface Answered {
  probe: TrustProbe;
  accepted: boolean;
  line: string;
}

async function judge(accord: Accord, vars: Record<string, string>, probes: TrustProbe[]): Promise<void> {
  const { checks, profile } = accord;
  const hook = (step: 'anchor' | 'remove' | 'removeAnchor', extra: Record<string, string> = {}) =>
    test.step(`metadataTrust.${step}`, () => runMetadataTrustHook(profile, step, { ...vars, ...extra }));
  try {
    await hook('anchor');
  } catch (e) {
    await checks.inconclusive(
      'SP-META-TRUST',
      `the target could not be given Accord's test CA as a trust anchor: ${(e as Error).message}`,
    );
    return;
  }
  const answered: Answered[] = [];
  let broke: string | undefined;
  for (const probe of probes) {
    try {
      const r = await test.step(`upload IdP metadata ${probe.what}`, () =>
        uploadIdpMetadata(profile, probe.xml, { ...vars, idp_entity_id: probe.entityId }));
      const line = `${probe.what}: ${r.accepted ? 'accepted' : 'refused'} (${r.answer})`;
      answered.push({ probe, accepted: r.accepted, line });
    } catch (e) {
      broke = `${probe.what}: could not be uploaded: ${(e as Error).message}`;
      break;
    }
  }
  const cleanup = await restore(accord, answered, hook);
  const detail = [...answered.map((a) => a.line), ...(broke ? [broke] : []), ...cleanup].join('; ');
  const wronglyAccepted = answered.filter((a) => !a.probe.mustAccept && a.accepted);
  const control = answered.find((a) => a.probe.mustAccept);
  if (wronglyAccepted.length > 0)
    await checks.fail(
      'SP-META-TRUST',
      `in the mode that requires signed metadata the target took IdP metadata ${wronglyAccepted.map((a) => a.probe.what).join(', ')}; ${detail}`,
    );
  else if (broke) await checks.inconclusive('SP-META-TRUST', detail);
  else if (!control?.accepted)
    await checks.inconclusive(
      'SP-META-TRUST',
      `the target refused even metadata signed by a certificate of the anchor it was given, so its refusals show nothing: ${detail}`,
    );
  else await checks.pass('SP-META-TRUST', detail);
}

/**
 * Leaves the target as it was found, as far as the profile says how: every probe it accepted is
 * removed, then the anchor. Says what was done, and what was left where the profile has no hook.
 */
async function restore(
  accord: Accord,
  answered: readonly Answered[],
  hook: (step: 'remove' | 'removeAnchor', extra?: Record<string, string>) => Promise<string | undefined>,
): Promise<string[]> {
  const notes: string[] = [];
  const accepted = answered.filter((a) => a.accepted).map((a) => a.probe.entityId);
  if (accepted.length > 0) {
    if (!accord.profile.metadataTrust?.remove)
      notes.push(`left at the target (the profile declares no metadataTrust.remove): ${accepted.join(', ')}`);
    for (const entityId of accord.profile.metadataTrust?.remove ? accepted : []) {
      const removed = await hook('remove', { idp_entity_id: entityId }).then(
        () => undefined,
        (e: Error) => e.message,
      );
      notes.push(removed === undefined ? `removed ${entityId}` : `could not remove ${entityId}: ${removed}`);
    }
  }
  const anchor = await hook('removeAnchor').then(
    (did) =>
      did === undefined
        ? 'the trust anchor was left (the profile declares no metadataTrust.removeAnchor)'
        : 'trust anchor removed',
    (e: Error) => `could not remove the trust anchor: ${e.message}`,
  );
  notes.push(anchor);
  return notes;
}
