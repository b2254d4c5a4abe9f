import type { ReceivedJwt, TokenExpectations } from './jwt.ts';
import { EVENTS_RULE, NO_NONCE_RULE, SUBJECT_OR_SESSION_RULE } from './logout-token-claims.ts';
import type { Rule } from './rule.ts';
import { SIGNATURE_RULE } from './signature.ts';
import {
  AUD_RULE,
  AZP_RULE,
  EXP_RULE,
  IAT_RULE,
  IAT_WINDOW_RULE,
  ISS_RULE,
  NONCE_RULE,
  SUB_RULE,
} from './token-claims.ts';

/** OIDC Core 3.1.3.7, in the order a refusal is reported: the signature first. */
export const ID_TOKEN_RULES: readonly Rule<ReceivedJwt, TokenExpectations>[] = [
  SIGNATURE_RULE,
  ISS_RULE,
  AUD_RULE,
  AZP_RULE,
  SUB_RULE,
  IAT_RULE,
  EXP_RULE,
  IAT_WINDOW_RULE,
  NONCE_RULE,
];

/**
 * Back-Channel Logout 1.0 2.6: validated like an ID token (signature, iss, aud, iat, exp), then
 * what makes it a logout token. sub is optional here, so the ID token's sub rule is not used.
 */
export const LOGOUT_TOKEN_RULES: readonly Rule<ReceivedJwt, TokenExpectations>[] = [
  SIGNATURE_RULE,
  ISS_RULE,
  AUD_RULE,
  AZP_RULE,
  IAT_RULE,
  EXP_RULE,
  IAT_WINDOW_RULE,
  EVENTS_RULE,
  NO_NONCE_RULE,
  SUBJECT_OR_SESSION_RULE,
];
