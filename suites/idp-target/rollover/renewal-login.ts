import type { Browser } from '@playwright/test';
import { verifyRedirectSignature } from '../../../lib/saml/bindings.ts';
import { NS, STATUS } from '../../../lib/saml/namespaces.ts';
import { firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../../lib/saml/verify-xml-signature.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import { spInitiatedAtTarget } from '../steps/idp-login.ts';

/** What one SP-initiated login during a renewal showed, read from the reference SP's trace. */
export interface RenewalLogin {
  flowId: string;
  /** The AuthnRequest the reference SP sent, verified with the certificate it was meant to sign with. */
  signedWithExpected: boolean;
  /** The IdP answered with a Success Response at the ACS: it accepted the AuthnRequest. */
  accepted: boolean;
  /** An EncryptedAssertion the SP opened (true), could not open with its keys (the error), or none. */
  encryption:
    | { encrypted: false }
    | { encrypted: true; opened: true }
    | { encrypted: true; opened: false; error: string };
  /** Where the browser ended and what the SP saw, for the check's detail. */
  evidence: string;
}

/**
 * An SP-initiated login in a fresh browser context (the IdP has no session from an earlier step),
 * with the AuthnRequest the reference SP sends checked against `expectedCertPem`: the counterpart
 * must have signed with the key the step is about, or nothing can be concluded of the IdP.
 */
export async function renewalLogin(
  browser: Browser,
  accord: Accord,
  binding: 'redirect' | 'post',
  expectedCertPem: string,
): Promise<RenewalLogin> {
  const context = await browser.newContext();
  try {
    const flowId = await accord.tag(context);
    const result = await spInitiatedAtTarget(await context.newPage(), accord, binding, flowId);
    const trace = await accord.counterpart.trace({ flowId });
    const request = trace.find((e) => e.kind === 'AuthnRequest' && e.direction === 'out');
    const response = trace.filter((e) => e.kind === 'Response').pop();
    const undecryptable = trace.find((e) => e.kind === 'Error' && e.info?.code === 'cannot-decrypt');
    const status = response ? topStatus(response) : undefined;
    const encryption: RenewalLogin['encryption'] = undecryptable
      ? { encrypted: true, opened: false, error: String(undecryptable.info?.error ?? 'cannot decrypt') }
      : response?.info?.encrypted === true
        ? { encrypted: true, opened: true }
        : { encrypted: false };
    return {
      flowId,
      signedWithExpected: request ? signedWith(request, expectedCertPem) : false,
      accepted: status === STATUS.success || undecryptable !== undefined,
      encryption,
      evidence: response
        ? `a Response with status ${status ?? 'unreadable'} reached the ACS (flow ${flowId})`
        : undecryptable
          ? `a Response reached the ACS, encrypted to a key the reference SP does not hold (flow ${flowId})`
          : `no Response reached the ACS; the browser ended at ${pageOf(result.outcome.finalUrl)}: ${result.outcome.bodyText.replace(/https?:\/\/\S+/g, (u) => pageOf(u)).slice(0, 300)} (flow ${flowId})`,
    };
  } finally {
    await context.close();
  }
}

function topStatus(entry: TraceEntry): string | undefined {
  if (!entry.decoded) return undefined;
  try {
    const root = parseUntrustedXml(entry.decoded, 'Response').documentElement!;
    const status = firstChild(root, NS.samlp, 'Status');
    return status
      ? (firstChild(status, NS.samlp, 'StatusCode')?.getAttribute('Value') ?? undefined)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the AuthnRequest as sent verifies with `certPem` (the query for HTTP-Redirect, the enveloped signature for HTTP-POST). */
function signedWith(entry: TraceEntry, certPem: string): boolean {
  if (entry.binding === 'HTTP-Redirect')
    return !!entry.raw && verifyRedirectSignature(entry.raw, [certPem]).valid;
  if (!entry.decoded) return false;
  const root = parseUntrustedXml(entry.decoded, 'AuthnRequest').documentElement!;
  return verifyEnvelopedSignatures(entry.decoded, root, { trustedCertsPem: [certPem] }).some(
    (v) => v.valid && v.parent === 'AuthnRequest',
  );
}

/** A URL without its query: a SAMLRequest in the evidence says nothing the trace does not. */
function pageOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : `${url.slice(0, q)}?…`;
}
