import type { ReceivedJwt, TokenExpectations } from './jwt.ts';
import { accept, type Rule } from './rule.ts';

type LogoutRule = Rule<ReceivedJwt, TokenExpectations>;

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** Back-Channel Logout 1.0 2.4, 2.6 (4): events holds the back-channel logout event, a JSON object. */
export const EVENTS_RULE: LogoutRule = {
  name: 'events',
  check: ({ claims: { events } }) => {
    const event =
      events !== null && typeof events === 'object' && !Array.isArray(events)
        ? (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT]
        : undefined;
    return event !== null && typeof event === 'object' && !Array.isArray(event)
      ? undefined
      : `events has no ${BACKCHANNEL_LOGOUT_EVENT} member holding an object; this is no logout token`;
  },
  weakenedBy: { 'bcl-skip-events': accept },
};

/** Back-Channel Logout 1.0 2.4, 2.6 (5): a logout token never carries nonce (it would pass for an ID token). */
export const NO_NONCE_RULE: LogoutRule = {
  name: 'no-nonce',
  check: ({ claims }) => (claims.nonce === undefined ? undefined : 'a logout token must not carry a nonce'),
  weakenedBy: { 'bcl-accept-nonce': accept },
};

/** Back-Channel Logout 1.0 2.4, 2.6 (3): sub, sid or both, as strings, say what ends. */
export const SUBJECT_OR_SESSION_RULE: LogoutRule = {
  name: 'sub-or-sid',
  check: ({ claims: { sub, sid } }) => {
    if (sub === undefined && sid === undefined) return 'the logout token names neither sub nor sid';
    if (sub !== undefined && typeof sub !== 'string') return 'sub must be a string';
    if (sid !== undefined && typeof sid !== 'string') return 'sid must be a string';
    return undefined;
  },
};
