import type { PendingAuthorization } from '../sessions.ts';
import { accept, type Rule } from './rule.ts';

/** The parameters of the authorization response that reached the redirect_uri. */
export interface AuthorizationResponse {
  code?: string;
  state?: string;
  iss?: string;
  error?: string;
  errorDescription?: string;
}

export interface AuthorizationExpectations {
  issuer: string;
  /** Discovery's authorization_response_iss_parameter_supported (RFC 9207 2.4). */
  issParameterAdvertised: boolean;
  /** The requests this browser sent and has not had answered, newest last. */
  pending: readonly PendingAuthorization[];
}

/** The response as the redirect_uri's query carries it; `param` reads one parameter (the route's own checks). */
export function authorizationResponseOf(param: (name: string) => string | undefined): AuthorizationResponse {
  return {
    code: param('code'),
    state: param('state'),
    iss: param('iss'),
    error: param('error'),
    errorDescription: param('error_description'),
  };
}

type ResponseRule = Rule<AuthorizationResponse, AuthorizationExpectations>;

/** The request this response answers: the one whose state it returns. */
export function answeredRequest(r: AuthorizationResponse, x: AuthorizationExpectations) {
  return x.pending.find((p) => p.state === r.state);
}

/** OIDC Core 3.1.2.7, RFC 6749 10.12: the state returned is the state this browser sent. */
export const STATE_RULE: ResponseRule = {
  name: 'state',
  check: (r, x) => {
    if (answeredRequest(r, x)) return undefined;
    if (x.pending.length === 0) return 'this browser has no authentication request waiting for an answer';
    return r.state === undefined
      ? 'the response carries no state, and the request had one'
      : `state ${JSON.stringify(r.state)} is not the state of any request this browser sent`;
  },
  weakenedBy: { 'skip-state-check': (r, x) => (x.pending.length > 0 ? undefined : STATE_RULE.check(r, x)) },
  libraryEnforces: true,
};

/** RFC 9207 2.4: an iss parameter names this OP; an OP that advertises it must send it. */
export const ISS_PARAMETER_RULE: ResponseRule = {
  name: 'iss-parameter',
  check: (r, x) => {
    if (r.iss === undefined)
      return x.issParameterAdvertised
        ? 'the OP advertises authorization_response_iss_parameter_supported, and the response carries no iss'
        : undefined;
    return r.iss === x.issuer
      ? undefined
      : `iss ${JSON.stringify(r.iss)} is not this OP's issuer ${JSON.stringify(x.issuer)} (mix-up)`;
  },
  weakenedBy: { 'ignore-iss-param': accept },
  libraryEnforces: true,
};

/** OIDC Core 3.1.2.6: an error response signs no one in. */
export const NO_ERROR_RULE: ResponseRule = {
  name: 'authorization-error',
  check: (r) =>
    r.error === undefined
      ? undefined
      : `the OP answered error=${r.error}${r.errorDescription ? ` (${r.errorDescription})` : ''}`,
};

export const CODE_RULE: ResponseRule = {
  name: 'code',
  check: (r) => (r.code ? undefined : 'the response carries no authorization code'),
};

/** Checked before the code is exchanged, in this order. */
export const AUTHORIZATION_RESPONSE_RULES: readonly ResponseRule[] = [
  STATE_RULE,
  ISS_PARAMETER_RULE,
  NO_ERROR_RULE,
  CODE_RULE,
];
