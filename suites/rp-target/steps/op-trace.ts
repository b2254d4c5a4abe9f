import type { TraceEntry } from '../../../lib/trace/types.ts';

/**
 * What the OP simulator recorded of one flow, read by kind. The OP records every request the RP
 * made to it (the browser's and the RP's own server calls, which it ties to the flow through the
 * authorization code) with what it found in it: these readers are all the suite knows of the
 * trace's shape.
 */

/** Request parameters as sent: a parameter sent more than once is a list. */
export type Params = Record<string, string | string[]>;

function last(trace: TraceEntry[], kind: string, direction: 'in' | 'out'): TraceEntry | undefined {
  return trace.filter((e) => e.kind === kind && e.direction === direction).pop();
}

function info<T>(entry: TraceEntry | undefined, key: string): T | undefined {
  return entry?.info?.[key] as T | undefined;
}

/** The parameters of the last authentication request the browser brought the OP. */
export function authorizationRequest(trace: TraceEntry[]): Params | undefined {
  return info<Params>(last(trace, 'AuthorizationRequest', 'in'), 'params');
}

export interface TokenRequest {
  /** How the client authenticated, as it did it. */
  clientAuthentication: string;
  /** Whether it sent a PKCE code_verifier. */
  codeVerifier: boolean;
}

export function tokenRequest(trace: TraceEntry[]): TokenRequest | undefined {
  const e = last(trace, 'TokenRequest', 'in');
  if (!e) return undefined;
  return {
    clientAuthentication: String(info(e, 'clientAuthentication') ?? 'none'),
    codeVerifier: info<boolean>(e, 'codeVerifier') === true,
  };
}

export interface TokenResponse {
  status: number;
  error?: string;
  /** The ID token as sent to the RP, and its claims. */
  idToken?: { raw: string; header: Record<string, unknown>; claims: Record<string, unknown> };
  /** The forgery the OP applied to it, if any. */
  forged?: string;
}

export function tokenResponse(trace: TraceEntry[]): TokenResponse | undefined {
  const e = last(trace, 'TokenResponse', 'out');
  if (!e) return undefined;
  const id = info<{ header: Record<string, unknown>; claims: Record<string, unknown> }>(e, 'idToken');
  return {
    status: Number(info(e, 'status') ?? 0),
    ...(info(e, 'error') ? { error: String(info(e, 'error')) } : {}),
    ...(id && e.raw ? { idToken: { raw: e.raw, header: id.header, claims: id.claims } } : {}),
    ...(info(e, 'forged') ? { forged: String(info(e, 'forged')) } : {}),
  };
}

/** Where the RP put the access token when it called userinfo (header, body, query, none); undefined if it never did. */
export function userinfoTokenCarrier(trace: TraceEntry[]): string | undefined {
  const e = last(trace, 'UserinfoRequest', 'in');
  return e ? String(info(e, 'accessToken') ?? 'none') : undefined;
}

export interface UserinfoResponse {
  status: number;
  claims?: Record<string, unknown>;
  forged?: string;
}

export function userinfoResponse(trace: TraceEntry[]): UserinfoResponse | undefined {
  const e = last(trace, 'UserinfoResponse', 'out');
  if (!e) return undefined;
  const claims = info<Record<string, unknown> | null>(e, 'claims');
  return {
    status: Number(info(e, 'status') ?? 0),
    ...(claims ? { claims } : {}),
    ...(info(e, 'forged') ? { forged: String(info(e, 'forged')) } : {}),
  };
}

/** The forgery the OP applied to the authorization response it sent, if any. */
export function forgedAuthorizationResponse(trace: TraceEntry[]): string | undefined {
  const forged = info<string>(last(trace, 'AuthorizationResponse', 'out'), 'forged');
  return forged === undefined ? undefined : String(forged);
}

/** The last error the OP recorded in the flow, as one line. */
export function opError(trace: TraceEntry[]): string | undefined {
  const e = last(trace, 'Error', 'out') ?? last(trace, 'Error', 'in');
  if (!e) return undefined;
  const i = e.info ?? {};
  return [i.error, i.error_description ?? i.errorDescription, i.detail].filter(Boolean).join(': ') || e.kind;
}
