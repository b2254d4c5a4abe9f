import type { Page } from '@playwright/test';
import type { SpInfo } from '../../../lib/admin/protocol.ts';
import { pickEndpoint } from '../../../lib/saml/metadata/parse-metadata.ts';
import type { TraceEntry } from '../../../lib/trace/types.ts';
import { awaitSamlArrival } from '../../fixtures/await-arrival.ts';
import type { Accord } from '../../fixtures/index.ts';

/** Why single logout cannot be tried at this IdP target, or undefined when it can. */
export function sloUnavailable(accord: Accord): string | undefined {
  if (!accord.profile.capabilities.slo) return 'the target declares no single logout (capabilities.slo)';
  const services = accord.metadata.idp?.sloServices ?? [];
  if (!pickEndpoint(services, 'redirect') && !pickEndpoint(services, 'post'))
    return 'the IdP metadata publishes no SingleLogoutService for HTTP-Redirect or HTTP-POST';
  return undefined;
}

export interface SpLogout {
  /** The LogoutRequest the reference SP sent, and the LogoutResponse it received, from its trace. */
  sent?: TraceEntry;
  answer?: TraceEntry;
  /** Why no LogoutResponse was seen, for a check's detail. */
  missing: string;
}

/** The reference SP's logout started in `page`, read back from its trace for `flowId`. */
export async function spInitiatedLogout(
  page: Page,
  accord: Accord,
  sp: SpInfo,
  flowId: string,
): Promise<SpLogout> {
  const back = await awaitSamlArrival(page, [sp.sloUrl], 'SAMLResponse', () =>
    page.goto(sp.logoutUrl).catch(() => undefined),
  ).catch((e: Error) => e);
  const trace = await accord.counterpart.trace({ flowId });
  return {
    sent: trace.filter((e) => e.kind === 'LogoutRequest' && e.direction === 'out').pop(),
    answer: trace.filter((e) => e.kind === 'LogoutResponse' && e.direction === 'in').pop(),
    missing:
      back instanceof Error
        ? `no LogoutResponse came back to ${sp.sloUrl}: ${back.message}`
        : `the reference SP recorded no LogoutResponse in flow ${flowId}`,
  };
}
