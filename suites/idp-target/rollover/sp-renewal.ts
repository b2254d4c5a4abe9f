import type { Browser } from '@playwright/test';
import type { SpInfo } from '../../../lib/admin/protocol.ts';
import { SpCertificatesClient } from '../../../lib/admin/sp-certificates-client.ts';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import { exchangeMetadata } from '../../../lib/protocol/saml2/exchange-metadata.ts';
import { type Accord, test } from '../../fixtures/index.ts';
import { counterpartSp } from '../steps/idp-login.ts';
import { type RenewalLogin, renewalLogin } from './renewal-login.ts';

/** The reference SP's certificate renewal, as the seed describes it. */
export const SP_RENEWAL_CHECKS: readonly CheckId[] = ['IDP-ROLL-01', 'IDP-ROLL-02'];
const STEPS = SP_RENEWAL_CHECKS;

/*
 * Seed, "Renew SP certificate": "Choose the type of IdP in your organization: An IdP that supports
 * multiple certificates / An IdP that supports a single certificate", then "Download metadata",
 * upload it to the IdP, "Successfully updated all the IdPs", "Finish renewal".
 */
export async function followSpRenewal(accord: Accord, browser: Browser): Promise<void> {
  const { checks, profile } = accord;
  if (!profile.capabilities.spInitiated) {
    await checks.skipAll(STEPS, 'the target declares no SP-initiated SSO');
    return;
  }
  if (!profile.exchange?.post && !profile.exchange?.command) {
    await checks.skipAll(
      STEPS,
      'Accord cannot hand the target new SP metadata within a run: its exchange is manual',
    );
    return;
  }
  const binding = profile.capabilities.bindings.includes('redirect') ? 'redirect' : 'post';
  const sp = new SpCertificatesClient(accord.counterpart.baseUrl);
  const info = await counterpartSp(accord);
  const hand = () =>
    test.step('hand the IdP the SP metadata as it now stands', () =>
      exchangeMetadata(profile, accord.vars, info.metadataUrl));
  if ((await sp.view()).renewal) {
    for (const id of STEPS)
      await checks.inconclusive(id, 'the reference SP is in a certificate renewal already: finish it first');
    return;
  }
  const login: Login = (cert, withLogout) => renewalLogin(browser, accord, binding, cert, withLogout);
  await multipleCertificates(accord, sp, hand, login);
  await singleCertificate(accord, sp, hand, info, login);
}

type Login = (certPem: string, withLogout?: boolean) => Promise<RenewalLogin>;

/**
 * The logout half of a step that the AuthnRequest half passed: a fault when the IdP refused a
 * LogoutRequest signed with the new key, nothing when it took it, and a note when none was tried.
 */
function logoutVerdict(login: RenewalLogin): { fault?: string; note: string } {
  const l = login.logout;
  if (!l) return { note: '' };
  if (!l.tried) return { note: `; LogoutRequests not judged: ${l.why}` };
  if (!l.signedWithExpected)
    return {
      note: `; LogoutRequests not judged: the reference SP did not sign its LogoutRequest with the new key`,
    };
  return l.accepted
    ? { note: `; it accepted a LogoutRequest signed with the new key too: ${l.evidence}` }
    : { fault: `the IdP refused a LogoutRequest signed with the new key: ${l.evidence}`, note: '' };
}

/** IDP-ROLL-01: old + new published and handed over; the SP then signs with the new key and retires the old one. */
async function multipleCertificates(
  accord: Accord,
  sp: SpCertificatesClient,
  hand: () => Promise<string>,
  login: Login,
): Promise<void> {
  const { checks } = accord;
  const fresh =
    await test.step('renew: an IdP that supports multiple certificates, self-signed', async () => {
      await sp.renew('multiple', 'self-signed');
      return sp.certificate();
    });
  await hand();
  // "Finish renewal" retires the old key: only the new one decrypts, so an assertion that opens was encrypted to it.
  await test.step('successfully updated all the IdPs; finish renewal', async () => {
    await sp.idpsUpdated();
    await sp.finish();
  });
  const after = await test.step('sign in, and out, with requests signed with the new key', () =>
    login(fresh, true));
  const slo = logoutVerdict(after);
  if (!after.signedWithExpected) {
    await checks.inconclusive(
      'IDP-ROLL-01',
      `the reference SP did not sign its AuthnRequest with the new key (flow ${after.flowId})`,
    );
  } else if (!after.accepted) {
    await checks.record(
      'IDP-ROLL-01',
      false,
      `handed SP metadata listing the old and the new signing certificate, the IdP refused an AuthnRequest signed with the new key, the second certificate listed: ${after.evidence}`,
    );
  } else if (after.encryption.encrypted && !after.encryption.opened) {
    await checks.record(
      'IDP-ROLL-01',
      false,
      `the IdP accepted the new key's AuthnRequest but encrypted the assertion to a certificate other than the new encryption certificate of the metadata it was handed (${after.encryption.error}): ${after.evidence}`,
    );
  } else if (slo.fault) {
    await checks.record(
      'IDP-ROLL-01',
      false,
      `handed SP metadata listing the old and the new signing certificate, the IdP accepted an AuthnRequest signed with the new key (${after.evidence}), but ${slo.fault}`,
    );
  } else {
    await checks.record(
      'IDP-ROLL-01',
      true,
      `accepted an AuthnRequest signed with the new key while the metadata it was handed listed both certificates${after.encryption.encrypted ? ', and encrypted the assertion to the new certificate' : '; it does not encrypt assertions, so the encryption certificate was not judged'}: ${after.evidence}${slo.note}`,
    );
  }
  // The target's trust follows the SP: the new certificate alone from now on.
  await hand();
}

/** IDP-ROLL-02: the new certificate alone, at once; refused before the IdP has it, accepted after. */
async function singleCertificate(
  accord: Accord,
  sp: SpCertificatesClient,
  hand: () => Promise<string>,
  info: SpInfo,
  login: Login,
): Promise<void> {
  const { checks, profile } = accord;
  const requiresSigned = profile.capabilities.signedRequests === true;
  const fresh = await test.step('renew: an IdP that supports a single certificate, CA-signed', async () => {
    await sp.renew('single', 'ca-signed');
    return sp.certificate();
  });
  const before = requiresSigned
    ? await test.step('before the IdP has the new metadata: an AuthnRequest signed with the new key', () =>
        login(fresh))
    : undefined;
  await hand();
  const after = await test.step('after it has the new metadata: sign in, and out, with the new key', () =>
    login(fresh, true));
  await test.step('finish renewal', () => sp.finish());
  const notSigned = [before, after].find((l) => l && !l.signedWithExpected);
  if (notSigned) {
    await checks.inconclusive(
      'IDP-ROLL-02',
      `the reference SP did not sign its AuthnRequest with the new key (flow ${notSigned.flowId}, SP ${info.entityId})`,
    );
    return;
  }
  if (before?.accepted) {
    await checks.record(
      'IDP-ROLL-02',
      false,
      `the IdP accepted an AuthnRequest signed with a key its copy of the SP metadata does not list (the SP's new key, before the new metadata was handed over): ${before.evidence}`,
    );
    return;
  }
  const slo = logoutVerdict(after);
  await checks.record(
    'IDP-ROLL-02',
    after.accepted && !slo.fault,
    !after.accepted
      ? `handed SP metadata listing the new certificate only, the IdP refused an AuthnRequest signed with that key: ${after.evidence}`
      : slo.fault
        ? `handed SP metadata listing the new certificate only, the IdP accepted an AuthnRequest signed with that key (${after.evidence}), but ${slo.fault}`
        : `${before ? `refused the new key's AuthnRequest before it had the new metadata (${before.evidence}), and ` : 'the profile does not declare signedRequests, so refusal before the handover was not judged; '}accepted it once handed metadata listing the new certificate only: ${after.evidence}${slo.note}`,
  );
}
