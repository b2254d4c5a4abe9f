import type { OpCheckId } from '../../../lib/checks/catalog.ts';
import { halfHash, type ReceivedIdToken } from '../steps/id-token.ts';

/** One check's verdict, as the suite records it. */
export interface Judged {
  ok: boolean;
  detail: string;
}

export interface IdTokenContext {
  token: ReceivedIdToken;
  issuer: string;
  clientId: string;
  /** The nonce the request carried. */
  nonce?: string;
  accessToken: string;
  /** max_age was sent: auth_time is required. */
  maxAgeSent: boolean;
  clockSkewSeconds: number;
  now?: number;
}

const show = (v: unknown) => JSON.stringify(v);

/** The ID token checks of one genuine code flow, each from its clause of OIDC Core 2 and 3.1.3. */
export function judgeIdToken(
  c: IdTokenContext,
): Record<
  | 'OP-IDT-SIGNATURE'
  | 'OP-IDT-ISS'
  | 'OP-IDT-SUB'
  | 'OP-IDT-AUD'
  | 'OP-IDT-TIMES'
  | 'OP-IDT-NONCE'
  | 'OP-IDT-AUTH-TIME'
  | 'OP-IDT-AT-HASH',
  Judged
> &
  Partial<Record<OpCheckId, Judged>> {
  const { claims, header } = c.token;
  const now = c.now ?? Math.floor(Date.now() / 1000);
  const skew = c.clockSkewSeconds;
  const aud = claims.aud;
  const auds = Array.isArray(aud) ? aud : aud === undefined ? [] : [aud];
  const sub = claims.sub;
  const times = (): Judged => {
    const { iat, exp } = claims;
    if (typeof iat !== 'number') return { ok: false, detail: `iat is ${show(iat)}, not a number` };
    if (typeof exp !== 'number') return { ok: false, detail: `exp is ${show(exp)}, not a number` };
    if (Math.abs(iat - now) > skew + 5)
      return { ok: false, detail: `iat ${iat} is ${iat - now} s from now (skew ${skew} s)` };
    if (exp <= now - skew) return { ok: false, detail: `exp ${exp} is already past (now ${now})` };
    if (exp <= iat) return { ok: false, detail: `exp ${exp} is not after iat ${iat}` };
    return { ok: true, detail: `iat ${iat} (now ${now}), exp ${exp}` };
  };
  const atHash = (): Judged => {
    if (claims.at_hash === undefined) return { ok: true, detail: 'no at_hash (optional in the code flow)' };
    const want = halfHash(String(header.alg), c.accessToken);
    if (want === undefined)
      return { ok: false, detail: `at_hash cannot be computed for alg ${show(header.alg)}` };
    return claims.at_hash === want
      ? { ok: true, detail: `at_hash ${want} matches the access token` }
      : { ok: false, detail: `at_hash ${show(claims.at_hash)}, the access token's is ${want}` };
  };
  return {
    'OP-IDT-SIGNATURE': c.token.signatureProblem
      ? { ok: false, detail: c.token.signatureProblem }
      : {
          ok: true,
          detail: `${show(header.alg)} signature by kid ${show(header.kid)} verifies with the JWKS`,
        },
    'OP-IDT-ISS':
      claims.iss === c.issuer
        ? { ok: true, detail: `iss ${show(claims.iss)}` }
        : { ok: false, detail: `iss ${show(claims.iss)}, the discovery issuer is ${show(c.issuer)}` },
    'OP-IDT-SUB':
      typeof sub === 'string' && sub.length > 0 && sub.length <= 255 && /^[\x20-\x7e]+$/.test(sub)
        ? { ok: true, detail: `sub ${show(sub)}` }
        : {
            ok: false,
            detail: `sub is ${show(sub)}: it must be a non-empty ASCII string of at most 255 characters`,
          },
    'OP-IDT-AUD': !auds.includes(c.clientId)
      ? { ok: false, detail: `aud ${show(aud)} does not contain the client_id ${show(c.clientId)}` }
      : auds.length > 1 && claims.azp !== c.clientId
        ? {
            ok: false,
            detail: `aud has ${auds.length} audiences and azp is ${show(claims.azp)}, not the client_id`,
          }
        : {
            ok: true,
            detail: `aud ${show(aud)}${claims.azp !== undefined ? `, azp ${show(claims.azp)}` : ''}`,
          },
    'OP-IDT-TIMES': times(),
    'OP-IDT-NONCE':
      claims.nonce === c.nonce
        ? { ok: true, detail: `nonce echoed (${show(c.nonce)})` }
        : { ok: false, detail: `nonce ${show(claims.nonce)}, the request sent ${show(c.nonce)}` },
    'OP-IDT-AUTH-TIME': !c.maxAgeSent
      ? { ok: true, detail: 'max_age was not sent' }
      : typeof claims.auth_time === 'number' && claims.auth_time <= now + skew
        ? { ok: true, detail: `auth_time ${claims.auth_time}` }
        : { ok: false, detail: `max_age was sent and auth_time is ${show(claims.auth_time)}` },
    'OP-IDT-AT-HASH': atHash(),
  };
}
