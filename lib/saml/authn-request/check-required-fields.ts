import type { JudgedAuthnRequest } from './parse-authn-request.ts';
import type { RuleVerdict } from './rule-verdict.ts';

/** xs:ID is an NCName; this is its ASCII subset, which every SAML stack writes. */
const XS_ID = /^[A-Za-z_][\w.-]*$/;

/**
 * SP-AUTHN-01. SAML core 3.2.1 requires ID (an xs:ID), Version "2.0" and IssueInstant (a dateTime);
 * profiles 4.1.4.1 requires the Issuer, naming the requesting SP. `spEntityId` is the entityID of
 * the SP metadata the judge holds, or undefined when it knows no SP by that Issuer.
 */
export function checkRequiredFields(r: JudgedAuthnRequest, spEntityId: string | undefined): RuleVerdict {
  const problems: string[] = [];
  if (!XS_ID.test(r.id)) problems.push(`ID "${r.id}" is not an xs:ID`);
  if (r.version !== '2.0') problems.push(`Version is "${r.version}"`);
  if (Number.isNaN(Date.parse(r.issueInstant)))
    problems.push(`IssueInstant "${r.issueInstant}" is not a dateTime`);
  if (!r.issuer) problems.push('AuthnRequest has no Issuer');
  else if (spEntityId === undefined) problems.push(`Issuer ${r.issuer} is not the entityID of a trusted SP`);
  else if (r.issuer !== spEntityId)
    problems.push(`Issuer "${r.issuer}" differs from the metadata entityID "${spEntityId}"`);
  return problems.length > 0
    ? { status: 'fail', detail: problems.join('; ') }
    : {
        status: 'pass',
        detail: `ID ${r.id}, Version 2.0, IssueInstant ${r.issueInstant}, Issuer ${r.issuer}`,
      };
}
