import { parseInstant } from '../../lib/saml/validate/xml-read.ts';

export interface ClockView {
  /** What the clock reads now, ISO 8601. */
  now: string;
  /** Whether an administrator moved it from the clock it started with. */
  set: boolean;
  /** How far it runs ahead of (or, negative, behind) the clock it started with. */
  offsetSeconds: number;
}

/** A clock setting refused; the message names the field and what it must be. */
export class ClockInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ClockInputError';
  }
}

/**
 * The clock a simulator reads time from, movable at run time so that an administrator can look at
 * what a date brings (expiry alerts, expired certificates) without waiting for it. A set clock runs
 * on from the instant it was set to, so that time still passes for sessions and message lifetimes.
 */
export class SettableClock {
  private offsetMs = 0;
  private isSet = false;

  constructor(private readonly base: () => Date) {}

  /** Bound, so it can be handed around as the simulator's `clock` option. */
  readonly now = (): Date => new Date(this.base().getTime() + this.offsetMs);

  set(at: Date): void {
    this.offsetMs = at.getTime() - this.base().getTime();
    this.isSet = true;
  }

  reset(): void {
    this.offsetMs = 0;
    this.isSet = false;
  }

  view(): ClockView {
    return {
      now: this.now().toISOString(),
      set: this.isSet,
      offsetSeconds: Math.round(this.offsetMs / 1000),
    };
  }
}

/** Reads `{now: "<xs:dateTime with a zone>"}`, the admin API's and the page's clock setting. */
export function readClockSetting(body: unknown, what = 'body'): Date {
  const now = (body as { now?: unknown } | undefined)?.now;
  const extra = body !== null && typeof body === 'object' ? Object.keys(body).filter((k) => k !== 'now') : [];
  if (extra.length > 0) {
    throw new ClockInputError(what, `${what} has unknown field(s): ${extra.join(', ')}; only now`);
  }
  const at = typeof now === 'string' ? parseInstant(now) : undefined;
  if (!at) {
    throw new ClockInputError(
      'now',
      `${what}.now must be one ISO 8601 date-time with a time zone, such as 2027-01-01T00:00:00Z; got ${JSON.stringify(now ?? null)}`,
    );
  }
  return at;
}
