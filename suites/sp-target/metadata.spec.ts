import { describeCertificate } from '../../lib/pki/certificate.ts';
import { pickEndpoint } from '../../lib/saml/metadata/parse-metadata.ts';
import { test } from '../fixtures/index.ts';

test('SP metadata', { tag: '@metadata' }, async ({ accord }) => {
  const sp = accord.metadata.sp;
  const acs = sp ? pickEndpoint(sp.acs, 'post') : undefined;
  await accord.checks.record(
    'SP-MD-01',
    !!sp && !!acs,
    !sp
      ? 'no SPSSODescriptor'
      : !acs
        ? 'no HTTP-POST AssertionConsumerService'
        : `entityID ${accord.metadata.entityId}, ACS ${acs.location}`,
  );
  const certs = sp?.certs.signing ?? [];
  const valid = certs
    .map((c) => describeCertificate(c))
    .filter((d) => d.daysLeft >= 0 && d.notBefore <= new Date());
  await accord.checks.record(
    'SP-MD-02',
    valid.length > 0,
    certs.length === 0
      ? 'no signing certificate in the SP metadata'
      : valid.length === 0
        ? 'every signing certificate is expired or not yet valid'
        : `signing certificate ${valid[0].subject}, ${valid[0].daysLeft} days left`,
  );
});
