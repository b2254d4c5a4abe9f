import type { CheckId } from '../../../lib/checks/catalog.ts';
import { describeCertificate } from '../../../lib/pki/certificate.ts';
import { requestSigningPromisedBy } from '../../../lib/saml/authn-request/check-request-signature.ts';
import {
  type AuthnRequestInput,
  parseAuthnRequest,
} from '../../../lib/saml/authn-request/parse-authn-request.ts';
import type { ParsedMetadata } from '../../../lib/saml/metadata/parse-metadata.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import type { MessageFlows } from '../steps/message-flows.ts';

const ID: CheckId = 'SP-ROLL-06';

const signingCerts = (md: ParsedMetadata) => md.sp?.certs.signing ?? [];

/** A certificate as a vendor finds it again: its subject and the start of its SHA-256 fingerprint. */
function certName(pem: string): string {
  const d = describeCertificate(pem);
  return `${d.subject} (SHA-256 ${d.fingerprint256.slice(0, 23)}…)`;
}

/** The AuthnRequest as it travelled, in the form its binding's signature is verified over. */
function travelled(entry: TraceEntry): AuthnRequestInput | undefined {
  if (entry.raw === undefined) return undefined;
  if (entry.binding === 'HTTP-Redirect') return { binding: 'HTTP-Redirect', rawQuery: entry.raw };
  if (entry.binding === 'HTTP-POST') return { binding: 'HTTP-POST', samlRequest: entry.raw };
  return undefined;
}

/** Which of `certs`, each alone, verifies the request's signature; `present` false when it is unsigned. */
function verifiedBy(
  input: AuthnRequestInput,
  certs: readonly string[],
): { present: boolean; cert?: string; detail: string } {
  let detail = 'no certificate to verify with';
  for (const cert of certs) {
    const s = parseAuthnRequest(input, [cert]).signature;
    if (!s.present) return { present: false, detail: s.detail };
    if (s.valid) return { present: true, cert, detail: s.detail };
    detail = s.detail;
  }
  return { present: true, detail };
}

/**
 * SP-ROLL-06, judged between the keyRollover switch and retire hooks: one SP-initiated login, and
 * the signature of the AuthnRequest the IdP simulator received verified with each certificate
 * alone, the new signing certificates first (those the metadata listed after keyRollover.publish
 * and not before), so the verdict names the key the target signs with. `switched` says how the
 * switch was made.
 */
export async function judgeRequestSigningKey(
  accord: Accord,
  session: MessageFlows,
  o: { before: ParsedMetadata; during: ParsedMetadata; switched: string },
): Promise<void> {
  const { checks } = accord;
  const old = signingCerts(o.before);
  const fresh = signingCerts(o.during).filter((c) => !old.includes(c));
  if (fresh.length === 0) {
    await checks.skip(
      ID,
      `after keyRollover.publish the SP metadata lists no signing certificate it did not list before (${signingCerts(o.during).length} listed): the target rolls only its encryption key over`,
    );
    return;
  }
  const via = session.via(true);
  if (!via) {
    await checks.skip(ID, 'the target declares no SP-initiated login, so it sends no AuthnRequest to judge');
    return;
  }
  const d = await session.deliver({}, { via });
  const trace = await accord.counterpart.trace({ flowId: d.flowId });
  const entry = trace.find((e) => e.kind === 'AuthnRequest');
  const input = entry && travelled(entry);
  if (!input) {
    await checks.inconclusive(
      ID,
      `after keyRollover.switch (${o.switched}) no AuthnRequest arrived at the IdP simulator (flow ${d.flowId})${d.error ? `: ${d.error}` : ''}`,
    );
    return;
  }
  const what = `the AuthnRequest sent after keyRollover.switch (${o.switched}; ${input.binding}, flow ${d.flowId})`;
  try {
    parseAuthnRequest(input, []);
  } catch (e) {
    await checks.inconclusive(ID, `${what} cannot be read: ${(e as Error).message}`);
    return;
  }
  const byNew = verifiedBy(input, fresh);
  if (!byNew.present) {
    const promisedBy = requestSigningPromisedBy(
      o.during.sp?.authnRequestsSigned,
      accord.profile.capabilities.signedRequests,
    );
    if (promisedBy) await checks.fail(ID, `${what} is unsigned (${byNew.detail}), though ${promisedBy}`);
    else
      await checks.skip(
        ID,
        `the target does not sign AuthnRequests: ${what} is unsigned, and neither its metadata (AuthnRequestsSigned) nor its profile (capabilities.signedRequests) says it signs them`,
      );
    return;
  }
  const newNames = fresh.map(certName).join(', ');
  if (byNew.cert) {
    await checks.pass(
      ID,
      `${what} verifies with the new signing certificate ${certName(byNew.cert)}, which keyRollover.publish added to the SP metadata`,
    );
    return;
  }
  const byOld = verifiedBy(input, old);
  if (byOld.cert)
    await checks.fail(
      ID,
      `${what} verifies only with the old signing certificate ${certName(byOld.cert)}, not with the new one the SP metadata published during the rollover (${newNames}): the SP still signs with its old key`,
    );
  else
    await checks.fail(
      ID,
      `${what} verifies neither with the new signing certificate (${newNames}) nor with the old one (${old.map(certName).join(', ') || 'none listed'}): ${byNew.detail}`,
    );
}
