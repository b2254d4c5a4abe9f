import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestOfThree, type Growth } from '../../suites/sp-target/security/best-of-three.ts';

/** Rounds that come out as listed: g grew, n did not, u was never answered. */
function scripted(outcomes: string): { round: () => Promise<Growth>; asked: () => number } {
  let i = 0;
  return {
    round: async () => {
      const o = outcomes[i++];
      if (o === undefined) throw new Error(`round ${i} was not expected`);
      return { grew: o !== 'n', unanswered: o === 'u', facts: o };
    },
    asked: () => i,
  };
}

for (const [outcomes, grew] of [
  ['gg', true],
  ['nn', false],
  ['gng', true],
  ['gnn', false],
  ['ngg', true],
  ['ngn', false],
] as const) {
  test(`rounds ${outcomes}: ${grew ? 'growth' : 'no growth'}, after ${outcomes.length} rounds`, async () => {
    const s = scripted(outcomes);
    const r = await bestOfThree(s.round);
    assert.equal(r.grew, grew);
    assert.equal(s.asked(), outcomes.length);
    assert.deepEqual(
      r.rounds.map((x) => x.facts),
      [...outcomes],
    );
  });
}

test('a round never answered is growth at once, whatever came before', async () => {
  for (const outcomes of ['u', 'nu', 'gnu']) {
    const s = scripted(outcomes);
    const r = await bestOfThree(s.round);
    assert.equal(r.grew, true, outcomes);
    assert.equal(s.asked(), outcomes.length, outcomes);
  }
});
