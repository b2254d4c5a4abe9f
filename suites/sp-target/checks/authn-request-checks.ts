import type { IdpInfo } from '../../../lib/admin/protocol.ts';
import type { CheckId } from '../../../lib/checks/catalog.ts';
import { NS } from '../../../lib/saml/namespaces.ts';
import { firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';

const AUTHN_CHECKS: CheckId[] = ['SP-AUTHN-01', 'SP-AUTHN-02', 'SP-AUTHN-03', 'SP-AUTHN-04', 'SP-AUTHN-05'];

interface SignatureInfo {
  present?: boolean;
  valid?: boolean;
  detail?: string;
}

/** Judges the AuthnRequest the IdP simulator received, as decoded in its trace. */
export async function checkAuthnRequest(
  accord: Accord,
  entry: TraceEntry | undefined,
  binding: 'redirect' | 'post',
  idp: IdpInfo,
): Promise<void> {
  if (!entry?.decoded) {
    for (const id of AUTHN_CHECKS)
      await accord.checks.fail(id, 'the IdP simulator received no AuthnRequest in this flow');
    return;
  }
  const root = parseUntrustedXml(entry.decoded, 'AuthnRequest').documentElement!;
  const c = accord.checks;
  const id = root.getAttribute('ID') ?? '';
  const version = root.getAttribute('Version');
  const instant = root.getAttribute('IssueInstant') ?? '';
  const issuer = (firstChild(root, NS.saml, 'Issuer')?.textContent ?? '').trim();
  const problems: string[] = [];
  if (!/^[A-Za-z_][\w.-]*$/.test(id)) problems.push(`ID "${id}" is not an xs:ID`);
  if (version !== '2.0') problems.push(`Version is "${version}"`);
  if (Number.isNaN(Date.parse(instant))) problems.push(`IssueInstant "${instant}" is not a dateTime`);
  if (issuer !== accord.runtime.targetEntityId) {
    problems.push(`Issuer "${issuer}" differs from the metadata entityID "${accord.runtime.targetEntityId}"`);
  }
  await c.record('SP-AUTHN-01', problems.length === 0, problems.join('; ') || `ID ${id}, Issuer ${issuer}`);

  const signature = (entry.info?.signature ?? {}) as SignatureInfo;
  const destination = root.getAttribute('Destination');
  if (destination === null) {
    await c.record(
      'SP-AUTHN-02',
      !signature.present,
      signature.present
        ? 'a signed AuthnRequest must carry a Destination'
        : 'no Destination (allowed: unsigned)',
    );
  } else {
    await c.record(
      'SP-AUTHN-02',
      destination === idp.ssoUrl,
      destination === idp.ssoUrl
        ? `Destination ${destination}`
        : `Destination "${destination}" but sent to ${idp.ssoUrl}`,
    );
  }

  const acsUrl = root.getAttribute('AssertionConsumerServiceURL');
  const published = (accord.metadata.sp?.acs ?? []).map((e) => e.location);
  if (acsUrl === null)
    await c.pass('SP-AUTHN-03', 'no AssertionConsumerServiceURL: the IdP uses the metadata ACS');
  else
    await c.record(
      'SP-AUTHN-03',
      published.includes(acsUrl),
      published.includes(acsUrl)
        ? `ACS ${acsUrl} is in the metadata`
        : `ACS "${acsUrl}" is not among ${published.join(', ')}`,
    );

  const mustSign = accord.metadata.sp?.authnRequestsSigned || accord.profile.capabilities.signedRequests;
  if (!mustSign) await c.skip('SP-AUTHN-04', 'the SP metadata does not declare AuthnRequestsSigned');
  else
    await c.record(
      'SP-AUTHN-04',
      !!signature.present && !!signature.valid,
      signature.present ? (signature.detail ?? String(signature.valid)) : 'the AuthnRequest is not signed',
    );

  const expected = binding === 'redirect' ? 'HTTP-Redirect' : 'HTTP-POST';
  await c.record(
    'SP-AUTHN-05',
    entry.binding === expected,
    entry.binding === expected
      ? `arrived over ${expected}`
      : `arrived over ${entry.binding}, the profile declares ${expected}`,
  );
}
