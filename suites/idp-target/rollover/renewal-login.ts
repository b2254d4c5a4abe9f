import type { Browser, Page } from '@playwright/test';
import { verifyRedirectSignature } from '../../../lib/saml/bindings.ts';
import { NS, STATUS } from '../../../lib/saml/namespaces.ts';
import { firstChild, parseUntrustedXml } from '../../../lib/saml/safe-xml.ts';
import { verifyEnvelopedSignatures } from '../../../lib/saml/verify-xml-signature.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import type { Accord } from '../../fixtures/index.ts';
import { counterpartSp, spInitiatedAtTarget } from '../steps/idp-login.ts';
import { sloUnavailable, spInitiatedLogout } from '../steps/sp-logout.ts';

/** The SP-initiated logout after a renewal login, or why there was none. */
export type RenewalLogout =
  | { tried: false; why: string }
  | {
      tried: true;
      /** The LogoutRequest the reference SP sent, verified with the certificate the step is about. */
      signedWithExpected: boolean;
      /** The IdP answered it with a Success LogoutResponse. */
      accepted: boolean;
      evidence: string;
    };

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
  /** The logout that followed, when asked for. */
  logout?: RenewalLogout;
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
  withLogout = false,
): Promise<RenewalLogin> {
  const context = await browser.newContext();
  try {
    const flowId = await accord.tag(context);
    const page = await context.newPage();
    const result = await spInitiatedAtTarget(page, accord, binding, flowId);
    const trace = await accord.counterpart.trace({ flowId });
    const request = trace.find((e) => e.kind === 'AuthnRequest' && e.direction === 'out');
    const response = trace.filter((e) => e.kind === 'Response').pop();
    const undecryptable = trace.find((e) => e.kind === 'Error' && e.info?.code === 'cannot-decrypt');
    const status = response ? topStatus(response, 'Response') : undefined;
    const encryption: RenewalLogin['encryption'] = undecryptable
      ? { encrypted: true, opened: false, error: String(undecryptable.info?.error ?? 'cannot decrypt') }
      : response?.info?.encrypted === true
        ? { encrypted: true, opened: true }
        : { encrypted: false };
    return {
      flowId,
      signedWithExpected: request ? signedWith(request, expectedCertPem, 'AuthnRequest') : false,
      accepted: status === STATUS.success || undecryptable !== undefined,
      encryption,
      evidence: response
        ? `a Response with status ${status ?? 'unreadable'} reached the ACS (flow ${flowId})`
        : undecryptable
          ? `a Response reached the ACS, encrypted to a key the reference SP does not hold (flow ${flowId})`
          : `no Response reached the ACS; the browser ended at ${pageOf(result.outcome.finalUrl)}: ${result.outcome.bodyText.replace(/https?:\/\/\S+/g, (u) => pageOf(u)).slice(0, 300)} (flow ${flowId})`,
      ...(withLogout
        ? {
            logout: await logoutAfter(
              page,
              accord,
              flowId,
              expectedCertPem,
              response?.info?.signedIn === true,
            ),
          }
        : {}),
    };
  } finally {
    await context.close();
  }
}

/**
 * Seed, "Renew SP certificate": the SP signs its requests with the new key, LogoutRequests as much
 * as AuthnRequests, and the IdP must take both. The logout runs in the login's own browser context.
 */
async function logoutAfter(
  page: Page,
  accord: Accord,
  flowId: string,
  certPem: string,
  signedIn: boolean,
): Promise<RenewalLogout> {
  const unavailable = sloUnavailable(accord);
  if (unavailable) return { tried: false, why: unavailable };
  if (!signedIn) return { tried: false, why: 'the login before it left no session at the reference SP' };
  const { sent, answer, missing } = await spInitiatedLogout(
    page,
    accord,
    await counterpartSp(accord),
    flowId,
  );
  const status = answer ? topStatus(answer, 'LogoutResponse') : undefined;
  return {
    tried: true,
    signedWithExpected: sent ? signedWith(sent, certPem, 'LogoutRequest') : false,
    accepted: status === STATUS.success,
    evidence: answer
      ? `a LogoutResponse with status ${status ?? 'unreadable'} came back (flow ${flowId})`
      : `${missing.replace(/https?:\/\/\S+/g, (u) => pageOf(u))} (flow ${flowId})`,
  };
}

function topStatus(entry: TraceEntry, what: 'Response' | 'LogoutResponse'): string | undefined {
  if (!entry.decoded) return undefined;
  try {
    const root = parseUntrustedXml(entry.decoded, what).documentElement!;
    const status = firstChild(root, NS.samlp, 'Status');
    return status
      ? (firstChild(status, NS.samlp, 'StatusCode')?.getAttribute('Value') ?? undefined)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the request as sent verifies with `certPem` (the query for HTTP-Redirect, the enveloped signature for HTTP-POST). */
function signedWith(entry: TraceEntry, certPem: string, what: 'AuthnRequest' | 'LogoutRequest'): boolean {
  if (entry.binding === 'HTTP-Redirect')
    return !!entry.raw && verifyRedirectSignature(entry.raw, [certPem]).valid;
  if (!entry.decoded) return false;
  const root = parseUntrustedXml(entry.decoded, what).documentElement!;
  return verifyEnvelopedSignatures(entry.decoded, root, { trustedCertsPem: [certPem] }).some(
    (v) => v.valid && v.parent === what,
  );
}

/** A URL without its query: a SAMLRequest in the evidence says nothing the trace does not. */
function pageOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : `${url.slice(0, q)}?…`;
}
