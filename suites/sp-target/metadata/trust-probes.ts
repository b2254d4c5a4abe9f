import { randomUUID } from 'node:crypto';
import { createTestCa, issueCertificate, type TestCa } from '../../../lib/pki/index.ts';
import { buildIdpMetadata } from '../../../lib/saml/metadata/build-idp-metadata.ts';
import { NAMEID_FORMAT } from '../../../lib/saml/namespaces.ts';

/** One IdP metadata document the target is handed, and whether a target requiring signed metadata may take it. */
export interface TrustProbe {
  what: string;
  entityId: string;
  xml: string;
  mustAccept: boolean;
}

/**
 * The metadata SP-META-TRUST uploads, each for an IdP of its own under a base unique to the run
 * (`.test` is reserved, so no real IdP has it): the control, signed by a certificate `anchor`
 * issued, then the four the target must refuse. Every signature is enveloped over the
 * EntityDescriptor, as SAML metadata 3.1 has it.
 */
export function trustProbes(anchor: TestCa): TrustProbe[] {
  const base = `https://metadata-trust-probe.accord.test/${randomUUID()}`;
  const idpKey = issueCertificate({ commonName: 'metadata-trust-probe.accord.test' });
  const metadata = (name: string, signer?: { keyPem: string; certPem: string }) =>
    buildIdpMetadata({
      entityId: `${base}/${name}`,
      ssoUrl: `${base}/${name}/sso`,
      sloUrl: `${base}/${name}/slo`,
      certPem: idpKey.certPem,
      nameIdFormats: [NAMEID_FORMAT.emailAddress],
      id: true,
      ...(signer ? { sign: { key: signer.keyPem, certPem: signer.certPem } } : {}),
    });
  const probe = (what: string, name: string, xml: string, mustAccept = false): TrustProbe => ({
    what,
    entityId: `${base}/${name}`,
    xml,
    mustAccept,
  });
  const signer = () => anchor.issue({ commonName: 'Accord metadata signer' });
  const otherCa = createTestCa({ commonName: 'Accord Other Root CA' });
  return [
    probe(
      'signed by a certificate of the installed anchor (control)',
      'control',
      metadata('control', signer()),
      true,
    ),
    probe('unsigned', 'unsigned', metadata('unsigned')),
    probe(
      'altered after signing (the SingleSignOnService moved)',
      'tampered',
      metadata('tampered', signer()).replaceAll(`${base}/tampered/sso`, 'https://evil.accord.test/sso'),
    ),
    probe(
      'signed by a self-signed certificate',
      'self-signed',
      metadata('self-signed', issueCertificate({ commonName: 'Accord self-signed metadata signer' })),
    ),
    probe(
      'signed by a certificate of another CA',
      'other-ca',
      metadata('other-ca', otherCa.issue({ commonName: 'Accord metadata signer' })),
    ),
  ];
}
