import { describeCertificate } from '../../../lib/pki/certificate.ts';
import { NS } from '../../../lib/saml/namespaces.ts';
import { parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../../lib/saml/verify-xml-signature.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';

eachProject('idp', () => {
  checkTest('IdP metadata', { flow: 'metadata', checks: ['IDP-MD-01'] }, async ({ accord }) => {
    const md = accord.metadata;
    const idp = md.idp;
    const problems: string[] = [];
    if (!idp) problems.push('no IDPSSODescriptor');
    else {
      if (idp.ssoServices.length === 0) problems.push('no SingleSignOnService');
      const valid = idp.certs.signing.map((c) => describeCertificate(c)).filter((d) => d.daysLeft >= 0);
      if (valid.length === 0) problems.push('no signing certificate valid today');
      if (
        !/urn:oasis:names:tc:SAML:2\.0:protocol/.test(
          md.xml.match(/IDPSSODescriptor[^>]*protocolSupportEnumeration="([^"]*)"/)?.[1] ?? '',
        )
      ) {
        problems.push(`protocolSupportEnumeration does not list ${NS.samlp}`);
      }
      if (md.signed) {
        // Signed metadata must verify with the certificate it publishes (seed: Control Hub checks the IdP metadata signature).
        const root = parseUntrustedXml(md.xml, 'IdP metadata').documentElement!;
        const own = verifyEnvelopedSignatures(md.xml, root, { trustedCertsPem: idp.certs.signing }).find(
          (v) => v.parent === 'EntityDescriptor',
        );
        if (!own?.valid)
          problems.push(`the metadata signature does not verify: ${own?.detail ?? 'not found'}`);
      }
    }
    await accord.checks.record(
      'IDP-MD-01',
      problems.length === 0,
      problems.join('; ') ||
        `entityID ${md.entityId}, ${idp!.ssoServices.length} SSO endpoints${md.signed ? ', signature verified' : ''}`,
    );
  });
});
