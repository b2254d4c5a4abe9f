import { ASSERTED_USER_FIELDS, type ResponsePlan } from '../../lib/admin/protocol.ts';
import { findTamper } from './tamper-hook.ts';

export class PlanError extends Error {}

const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const MAX_STRING = 4096;

type Check = (value: unknown, key: string) => void;

function text(value: unknown, key: string): void {
  if (typeof value !== 'string') throw new PlanError(`${key} must be a string`);
  if (value.length > MAX_STRING) throw new PlanError(`${key} is longer than ${MAX_STRING} characters`);
  if (NOT_XML_CHAR.test(value)) throw new PlanError(`${key} contains a character XML 1.0 does not allow`);
}

function bool(value: unknown, key: string): void {
  if (typeof value !== 'boolean') throw new PlanError(`${key} must be true or false`);
}

function seconds(value: unknown, key: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 10 * 365 * 86_400) {
    throw new PlanError(`${key} must be a number of seconds within ten years`);
  }
}

const CHECKS: Record<keyof ResponsePlan, Check> = {
  audience: text,
  destination: text,
  recipient: text,
  issuer: text,
  inResponseTo: (v, k) => (v === null ? undefined : text(v, k)),
  nameId: text,
  timeShiftSeconds: seconds,
  notBeforeSeconds: seconds,
  notOnOrAfterSeconds: seconds,
  subjectConfirmationNotOnOrAfterSeconds: seconds,
  sign: (v, k) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new PlanError(`${k} must be an object`);
    for (const [sub, value] of Object.entries(v)) {
      if (sub !== 'response' && sub !== 'assertion') throw new PlanError(`unknown key ${k}.${sub}`);
      bool(value, `${k}.${sub}`);
    }
  },
  untrustedKey: bool,
  signingKey: (v, k) => {
    if (v !== 'current' && v !== 'next' && v !== 'retired')
      throw new PlanError(`${k} must be "current", "next" or "retired"`);
  },
  signatureAlgorithm: (v, k) => {
    if (v !== 'rsa-sha256' && v !== 'rsa-sha1')
      throw new PlanError(`${k} must be "rsa-sha256" or "rsa-sha1"`);
  },
  omitAttributes: (v, k) => {
    if (!Array.isArray(v)) throw new PlanError(`${k} must be an array of attribute names`);
    v.forEach((name, i) => {
      text(name, `${k}[${i}]`);
    });
  },
  relayState: text,
  tamper: text,
  tamperOptions: (v, k) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new PlanError(`${k} must be an object`);
    for (const [sub, value] of Object.entries(v)) {
      if (sub !== 'xxeUrl') throw new PlanError(`unknown key ${k}.${sub}`);
      text(value, `${k}.${sub}`);
      if (!/^https?:\/\/[^\s"'<>]+$/.test(value as string))
        throw new PlanError(`${k}.${sub} must be an http(s) URL without quotes`);
    }
  },
  encryptAssertion: (v, k) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new PlanError(`${k} must be an object, e.g. {} or {"data": "aes256-gcm"}`);
    for (const [sub, value] of Object.entries(v)) {
      if (sub === 'certificate') {
        if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 99)
          throw new PlanError(
            `${k}.certificate must be an integer from 0 (the SP's first encryption certificate)`,
          );
        continue;
      }
      if (sub !== 'data') throw new PlanError(`unknown key ${k}.${sub}`);
      if (!DATA_ENCRYPTIONS.includes(value as string))
        throw new PlanError(`${k}.data must be one of ${DATA_ENCRYPTIONS.join(', ')}`);
    }
  },
  userFields: (v, k) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v))
      throw new PlanError(`${k} must be an object, e.g. {"email": "new.user@example.com"}`);
    for (const [sub, value] of Object.entries(v)) {
      if (sub === 'groups') {
        if (!Array.isArray(value)) throw new PlanError(`${k}.groups must be an array of group names`);
        value.forEach((g, i) => {
          text(g, `${k}.groups[${i}]`);
        });
        continue;
      }
      if (!(ASSERTED_USER_FIELDS as readonly string[]).includes(sub))
        throw new PlanError(
          `unknown key ${k}.${sub}; expected some of ${[...ASSERTED_USER_FIELDS, 'groups'].join(', ')}`,
        );
      text(value, `${k}.${sub}`);
    }
  },
};

const DATA_ENCRYPTIONS = ['aes128-cbc', 'aes256-cbc', 'aes128-gcm', 'aes256-gcm'];

const TIME_KEYS = [
  'notBeforeSeconds',
  'notOnOrAfterSeconds',
  'subjectConfirmationNotOnOrAfterSeconds',
] as const;

/** Checks a ResponsePlan sent to PUT /__accord/flows/:flow; the message names the offending key. */
export async function validatePlan(body: unknown): Promise<ResponsePlan> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new PlanError('the body must be a JSON object (a ResponsePlan)');
  }
  for (const [key, value] of Object.entries(body)) {
    if (!Object.hasOwn(CHECKS, key)) {
      throw new PlanError(`unknown key "${key}" (known: ${Object.keys(CHECKS).join(', ')})`);
    }
    if (value === undefined) continue;
    CHECKS[key as keyof ResponsePlan](value, key);
  }
  const plan = body as ResponsePlan;
  if (plan.tamper !== undefined && (plan.tamper.includes('?') || !(await findTamper(plan.tamper)))) {
    throw new PlanError(`unknown tamper "${plan.tamper}"`);
  }
  if (plan.tamperOptions !== undefined && plan.tamper === undefined) {
    throw new PlanError('tamperOptions needs a tamper');
  }
  // Both are applied after signing and one step is all the Response builder runs.
  if (plan.tamper !== undefined && TIME_KEYS.some((k) => plan[k] !== undefined)) {
    throw new PlanError(`tamper cannot be combined with ${TIME_KEYS.join(', ')}`);
  }
  // The mutations rewrite a plaintext assertion, which encryption hides.
  if (plan.tamper !== undefined && plan.encryptAssertion !== undefined) {
    throw new PlanError('tamper cannot be combined with encryptAssertion');
  }
  return plan;
}

/** Plans by flow id; bounded, oldest dropped first. */
export class PlanStore {
  private readonly plans = new Map<string, ResponsePlan>();

  constructor(private readonly limit = 10_000) {}

  set(flow: string, plan: ResponsePlan): void {
    this.plans.delete(flow);
    this.plans.set(flow, plan);
    if (this.plans.size > this.limit) this.plans.delete(this.plans.keys().next().value as string);
  }

  get(flow: string | undefined): ResponsePlan | undefined {
    return flow === undefined ? undefined : this.plans.get(flow);
  }

  delete(flow: string): boolean {
    return this.plans.delete(flow);
  }
}
