import type { TestUser } from '../../../lib/admin/protocol.ts';
import { NAME_ID_FORMAT_URNS, NAME_ID_SOURCE } from '../../../lib/scenario/types.ts';
import type { TargetNameId } from '../../../lib/target/types.ts';

/** The user fields an IdP target's users carry, so the only NameID sources that can be compared. */
const COMPARABLE = ['username', 'email', 'firstName', 'lastName'] as const;

export interface NameIdVerdict {
  ok: boolean;
  detail: string;
}

/**
 * IDP-NAMEID-PROFILE: the NameID an IdP sent against the one its profile declares. `random`
 * (transient) asks only for a non-empty value; a source the profile's users do not carry (upn,
 * objectId, …) cannot be compared, which the detail says rather than passing it silently.
 */
export function judgeNameIdAgainstProfile(
  expected: TargetNameId,
  sent: { value: string; format: string },
  user: TestUser,
): NameIdVerdict {
  const problems: string[] = [];
  const wantFormat = NAME_ID_FORMAT_URNS[expected.format];
  if (sent.format !== wantFormat) problems.push(`Format ${sent.format}, the profile declares ${wantFormat}`);
  const from = expected.from ?? NAME_ID_SOURCE[expected.format];
  let valueNote: string;
  if (from === 'random') {
    if (sent.value.trim() === '') problems.push('the NameID is empty');
    valueNote = `an opaque value "${sent.value}"`;
  } else if ((COMPARABLE as readonly string[]).includes(from)) {
    const want = user[from as (typeof COMPARABLE)[number]];
    if (want === undefined) {
      valueNote = `value "${sent.value}" not compared: the profile's user ${user.username} has no ${from}`;
    } else {
      if (sent.value !== want) problems.push(`value "${sent.value}", the user's ${from} is "${want}"`);
      valueNote = `value = the user's ${from} (${want})`;
    }
  } else {
    valueNote = `value "${sent.value}" not compared: the profile's users carry no ${from}`;
  }
  return problems.length
    ? { ok: false, detail: problems.join('; ') }
    : { ok: true, detail: `Format ${sent.format}, ${valueNote}` };
}
