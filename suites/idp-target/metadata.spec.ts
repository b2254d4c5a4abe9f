import { describeCertificate } from '../../lib/pki/certificate.ts';
import { test } from '../fixtures/index.ts';

test('IdP metadata', { tag: '@metadata' }, async ({ accord }) => {
  const idp = accord.metadata.idp;
  const problems: string[] = [];
  if (!idp) problems.push('no IDPSSODescriptor');
  else {
    if (idp.ssoServices.length === 0) problems.push('no SingleSignOnService');
    const valid = idp.certs.signing.map((c) => describeCertificate(c)).filter((d) => d.daysLeft >= 0);
    if (valid.length === 0) problems.push('no signing certificate valid today');
  }
  await accord.checks.record(
    'IDP-MD-01',
    problems.length === 0,
    problems.join('; ') || `entityID ${accord.metadata.entityId}, ${idp!.ssoServices.length} SSO endpoints`,
  );
});
