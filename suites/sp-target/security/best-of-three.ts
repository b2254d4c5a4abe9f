/** One measurement of whether a target's work grew with what it was sent. */
export interface Growth {
  grew: boolean;
  /** The target never answered a message it should answer at once: growth beyond doubt. */
  unanswered: boolean;
  facts: string;
}

/**
 * Measures up to three rounds, until two agree: a stall of a loaded machine in one round decides
 * nothing either way. A round the target never answered ends them, as growth.
 */
export async function bestOfThree(
  round: () => Promise<Growth>,
): Promise<{ grew: boolean; rounds: Growth[] }> {
  const rounds: Growth[] = [];
  const count = (grew: boolean) => rounds.filter((r) => r.grew === grew).length;
  while (count(true) < 2 && count(false) < 2) {
    const r = await round();
    rounds.push(r);
    if (r.unanswered) return { grew: true, rounds };
  }
  return { grew: count(true) >= 2, rounds };
}
