import type { CheckId } from '../../checks/catalog.ts';
import type { CheckFn } from './types.ts';
import { ok } from './verdict.ts';

export const ID = 'IDP-RESP-DESTINATION' satisfies CheckId;

/**
 * SAML bindings 3.5.5.2: a signed message MUST carry the URL it was delivered to; when present it
 * must equal the URL the Response was posted to.
 */
export const checkDestination: CheckFn = (view, ctx) => {
  const destination = view.response.getAttribute('Destination');
  if (!view.response.hasAttribute('Destination')) {
    if (view.trust.by !== 'response')
      return ok('Destination absent, allowed because the Response itself is unsigned');
    return ok('', [
      {
        detail: `Destination: expected ${ctx.receivedAt}, got (absent) on a signed Response`,
        excusedBy: 'skip-destination',
      },
    ]);
  }
  if (destination === ctx.receivedAt) return ok(`Destination ${destination}`);
  return ok('', [
    { detail: `Destination: expected ${ctx.receivedAt}, got ${destination}`, excusedBy: 'skip-destination' },
  ]);
};
