import {
  type ResponseTimes,
  retime,
  TAMPERS,
  type TamperContext,
  TamperNotApplicable,
} from '../../lib/saml/tamper/index.ts';

export type TamperFn = (signedXml: string, ctx: TamperContext) => string | Promise<string>;

/** The step that sets validity bounds the builder has no field for (see retime). */
export const RETIME_STEP = 'retime';

/** TamperContext fields a step may set, beyond what the IdP passes itself. */
const CONTEXT_PARAMS = ['xxeUrl'] as const;

const TIME_PARAMS: Record<string, keyof ResponseTimes> = {
  notBefore: 'notBefore',
  notOnOrAfter: 'notOnOrAfter',
  subjectConfirmationNotOnOrAfter: 'subjectConfirmationNotOnOrAfter',
};

/**
 * A post-signing step as one string, `name` or `name?key=value&…`. The Response builder hands this
 * hook nothing but the plan's `tamper` string, so parameters a plan gives a step travel in it; it
 * also reads well in the trace.
 */
export function stepName(name: string, params: Record<string, string | number | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const query = q.toString();
  return query ? `${name}?${query}` : name;
}

function parseStep(step: string): { name: string; params: URLSearchParams } {
  const i = step.indexOf('?');
  return i < 0
    ? { name: step, params: new URLSearchParams() }
    : { name: step.slice(0, i), params: new URLSearchParams(step.slice(i + 1)) };
}

function retimeStep(params: URLSearchParams): TamperFn | undefined {
  const times: ResponseTimes = {};
  for (const [key, value] of params) {
    const field = TIME_PARAMS[key];
    const n = Number(value);
    if (!field || value === '' || !Number.isFinite(n)) return undefined;
    times[field] = n;
  }
  return (xml, ctx) => {
    if (!ctx.realKey) throw new TamperNotApplicable(RETIME_STEP, 'the IdP signing key is needed to re-sign');
    return retime(xml, times, ctx.realKey);
  };
}

/**
 * The post-signing step named `step`: a mutation of the attack catalogue (lib/saml/tamper TAMPERS),
 * with TamperContext fields from its parameters, or the retime step. Undefined for an unknown name
 * or parameter.
 */
export async function findTamper(step: string): Promise<TamperFn | undefined> {
  const { name, params } = parseStep(step);
  if (name === RETIME_STEP) return retimeStep(params);
  const def = TAMPERS.get(name);
  if (!def) return undefined;
  const extra: Partial<TamperContext> = {};
  for (const [key, value] of params) {
    if (!(CONTEXT_PARAMS as readonly string[]).includes(key)) return undefined;
    extra[key as (typeof CONTEXT_PARAMS)[number]] = value;
  }
  return (xml, ctx) => def.apply(xml, { ...ctx, ...extra });
}
