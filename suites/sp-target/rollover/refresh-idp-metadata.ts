import { setTimeout as sleep } from 'node:timers/promises';
import type { IdpInfo } from '../../../lib/admin/protocol.ts';
import { exchangeMetadata } from '../../../lib/protocol/saml2/exchange-metadata.ts';
import type { Accord } from '../../fixtures/index.ts';

/** How the target is handed the IdP metadata as it now stands, or why it cannot be within a run. */
export type MetadataHandover = { hand: () => Promise<string> } | { cannot: string };

/**
 * The profile's way for the target to take new IdP metadata (metadataRefresh). The exchange alone
 * is not assumed to do: an SP may cache what it was first given (Shibboleth SP's LocalDynamic
 * provider keeps it for hours), and a key it never saw would then look like a key it refused.
 */
export function metadataHandover(accord: Accord): MetadataHandover {
  const { profile } = accord;
  const refresh = profile.metadataRefresh;
  const url = async () => (await accord.counterpart.info<IdpInfo>()).metadataUrl;
  const byExchange = (command?: string): MetadataHandover => ({
    hand: async () => {
      const how = await exchangeMetadata(
        command
          ? { ...profile, exchange: { ...profile.exchange, post: undefined, manual: undefined, command } }
          : profile,
        accord.vars,
        await url(),
        command ? 'metadataRefresh.command' : undefined,
      );
      // A target that takes metadata asynchronously (a graceful restart, a file cache revalidated
      // every few seconds) says how long in its profile: judged before that, a key it has not yet
      // read would look like a key it refused.
      const settle = refresh?.settleSeconds ?? 0;
      if (settle === 0) return how;
      await sleep(settle * 1000);
      return `${how}, then waited the ${settle} s its profile says it needs`;
    },
  });
  const automatic = profile.exchange?.post !== undefined || profile.exchange?.command !== undefined;
  if (refresh?.command) return byExchange(refresh.command);
  if (refresh?.exchange && automatic) return byExchange();
  if (refresh?.pollSeconds !== undefined) {
    const seconds = refresh.pollSeconds;
    return {
      hand: async () => {
        // The target re-reads the metadata URL on its own schedule; a margin for a loaded machine.
        await sleep((seconds + 2) * 1000);
        return `waited ${seconds + 2} s for the target to poll ${await url()}`;
      },
    };
  }
  return {
    cannot: refresh?.manual
      ? 'the profile says the target takes new IdP metadata by hand only (metadataRefresh manual)'
      : refresh?.exchange
        ? 'the profile refreshes by its exchange, which is manual'
        : 'the profile declares no metadataRefresh (how the target takes new IdP metadata)',
  };
}
