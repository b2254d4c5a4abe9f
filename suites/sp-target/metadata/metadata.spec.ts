import type { Element } from '@xmldom/xmldom';
import { describeCertificate } from '../../../lib/pki/certificate.ts';
import { pickEndpoint } from '../../../lib/saml/metadata/parse-metadata.ts';
import { NS } from '../../../lib/saml/namespaces.ts';
import { descendants, firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../../lib/saml/verify-xml-signature.ts';
import { checkTest, eachProject } from '../../fixtures/each-project.ts';

/** The EntityDescriptor the metadata describes the target with (it may sit in an EntitiesDescriptor). */
function entityDescriptor(xml: string, entityId: string): Element | undefined {
  const root = parseUntrustedXml(xml, 'SP metadata', 4 * 1024 * 1024).documentElement!;
  if (root.namespaceURI === NS.md && root.localName === 'EntityDescriptor') return root;
  return descendants(root, NS.md, 'EntityDescriptor').find((e) => e.getAttribute('entityID') === entityId);
}

eachProject('sp', () => {
  checkTest('SP metadata', { flow: 'metadata', checks: ['SP-MD-01', 'SP-MD-02'] }, async ({ accord }) => {
    const sp = accord.metadata.sp;
    const acs = sp ? pickEndpoint(sp.acs, 'post') : undefined;
    const ed = entityDescriptor(accord.metadata.xml, accord.metadata.entityId);
    const problems: string[] = [];
    if (!sp) problems.push('no SPSSODescriptor');
    else if (!acs) problems.push('no HTTP-POST AssertionConsumerService');
    const role = ed && firstChild(ed, NS.md, 'SPSSODescriptor');
    const protocols = (role?.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).filter(Boolean);
    if (role && !protocols.includes(NS.samlp)) {
      problems.push(`protocolSupportEnumeration "${protocols.join(' ')}" does not name ${NS.samlp}`);
    }
    let signature = 'unsigned';
    const sigEl = ed && firstChild(ed, NS.ds, 'Signature');
    if (ed && sigEl) {
      const certs = sp?.certs.signing ?? [];
      const own = verifyEnvelopedSignatures(accord.metadata.xml, ed, { trustedCertsPem: certs }).find(
        (v) => v.parent === 'EntityDescriptor' && v.parentId === (ed.getAttribute('ID') ?? ''),
      );
      if (certs.length === 0)
        problems.push('the metadata is signed but publishes no signing certificate to verify it');
      else if (!own?.valid)
        problems.push(
          `the metadata signature does not verify with its own signing certificate: ${own?.detail ?? 'no signature on the EntityDescriptor'}`,
        );
      else signature = `signature verified with its signing certificate #${own.verifiedBy}`;
    }
    await accord.checks.record(
      'SP-MD-01',
      problems.length === 0,
      problems.join('; ') ||
        `entityID ${accord.metadata.entityId}, ACS ${acs?.location}, SAML 2.0 protocol, ${signature}`,
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
          ? `every signing certificate is expired or not yet valid (${certs
              .map((c) => describeCertificate(c))
              .map((d) => `${d.subject}: ${d.notBefore.toISOString()} to ${d.notAfter.toISOString()}`)
              .join('; ')})`
          : `signing certificate ${valid[0].subject}, ${valid[0].daysLeft} days left`,
    );
  });
});
