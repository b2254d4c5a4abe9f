import type { Applicability } from '../checks/types.ts';
import { whyNoKeyRollover } from './key-rollover.ts';
import { refreshesMetadata } from './metadata-refresh.ts';
import type { TargetProfile } from './types.ts';

/** Whether a profile declares what a check needs to apply (the catalog's `appliesIf`). */
export function declares(profile: TargetProfile, need: Applicability | undefined): boolean {
  switch (need) {
    case undefined:
      return true;
    case 'encryptedAssertions':
      return profile.capabilities.encryptedAssertions === true;
    case 'jitCreate':
      return profile.jit?.create === true;
    // A user is updated, or their groups followed, only once the target has created them.
    case 'jitUpdate':
      return profile.jit?.create === true && profile.jit.update === true;
    case 'jitGroups':
      return profile.jit?.create === true && profile.jit.update === true && profile.jit.groups !== undefined;
    case 'noIdpInitiated':
      return !profile.capabilities.idpInitiated;
    case 'webexIdentityService':
      return profile.identityService === 'webex';
    case 'nameIdProfile':
      return profile.nameId !== undefined;
    case 'claimsEcho':
      return profile.login?.echo !== undefined;
    case 'automaticExchange':
      return profile.exchange?.post !== undefined || profile.exchange?.command !== undefined;
    case 'rpLogout':
      return profile.oidc?.rpLogout === true;
    case 'backchannelLogout':
      return profile.oidc?.client.backchannelLogoutUri !== undefined;
    case 'metadataRefresh':
      return refreshesMetadata(profile);
    case 'keyRollover':
      return whyNoKeyRollover(profile) === undefined;
    case 'opClientSecretPost':
      return profile.op?.clients.some((c) => c.tokenEndpointAuthMethod === 'client_secret_post') === true;
    case 'opUserinfoPost':
      return profile.op?.capabilities?.userinfoPost === true;
    case 'opRefreshTokens':
      return profile.op?.capabilities?.refreshTokens === true;
    case 'opRpLogout':
      return profile.op?.capabilities?.rpLogout === true;
    case 'routing':
      return profile.routing !== undefined;
    case 'metadataTrust':
      return profile.metadataTrust !== undefined;
  }
}
