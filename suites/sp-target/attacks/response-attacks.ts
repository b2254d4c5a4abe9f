import { randomBytes } from 'node:crypto';
import type { ResponsePlan } from '../../../lib/admin/protocol.ts';

export interface ResponseAttack {
  check: string;
  /** What the IdP simulator changes in the Response; the target must refuse the result. */
  plan(ctx: { skewSeconds: number; acsUrl: string }): ResponsePlan;
  /** The attack needs a request to answer (InResponseTo); otherwise it can also go unsolicited. */
  needsRequest?: boolean;
}

const OTHER = 'https://other-sp.accord.test';

/** Each entry breaks exactly one thing in an otherwise genuine, signed Response. */
export const RESPONSE_ATTACKS: ResponseAttack[] = [
  { check: 'SP-SEC-UNSIGNED', plan: () => ({ sign: { response: false, assertion: false } }) },
  { check: 'SP-SEC-UNTRUSTED-KEY', plan: () => ({ untrustedKey: true }) },
  { check: 'SP-SEC-AUDIENCE', plan: () => ({ audience: `${OTHER}/sp` }) },
  { check: 'SP-SEC-EXPIRED', plan: ({ skewSeconds }) => ({ timeShiftSeconds: -(86_400 + skewSeconds) }) },
  { check: 'SP-SEC-NOTBEFORE', plan: ({ skewSeconds }) => ({ timeShiftSeconds: 3_600 + skewSeconds }) },
  {
    check: 'SP-SEC-INRESPONSETO',
    needsRequest: true,
    plan: () => ({ inResponseTo: `_${randomBytes(20).toString('hex')}` }),
  },
  {
    check: 'SP-SEC-DESTINATION',
    plan: () => ({ destination: `${OTHER}/acs`, sign: { response: true, assertion: true } }),
  },
  { check: 'SP-SEC-RECIPIENT', plan: () => ({ recipient: `${OTHER}/acs` }) },
  { check: 'SP-SEC-ISSUER', plan: () => ({ issuer: 'https://rogue-idp.accord.test/adfs/services/trust' }) },
];
