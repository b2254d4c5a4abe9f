import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKS, checkDef } from '../../lib/checks/catalog.ts';
import { provenChecks } from '../../lib/checks/seeded-defect.ts';
import { citeRefs, refUrl, SPEC_DOCS } from '../../lib/checks/spec-refs.ts';
import { IDP_DEFECTS } from '../../simulators/idp/defects.ts';
import { OP_DEFECTS } from '../../simulators/op/defects.ts';
import { RP_DEFECTS } from '../../simulators/rp/defects.ts';
import { SP_DEFECTS } from '../../simulators/sp/defects.ts';
import { SP_OIDC_DEFECTS } from '../../simulators/sp/oidc/defects.ts';

/** Checks no seeded defect can fail yet, each with why. Empty: every check is proven. */
const NOT_YET_PROVABLE: Partial<Record<string, string>> = {
  'OP-CODE-01':
    'the control of every OP defect: an OP that cannot complete a code flow cannot be tested at all (the preflight makes its checks inconclusive, not failed)',
};

test('every check of the catalog is claimed by a seeded defect that fails it, or says why not', () => {
  const proven = new Set(
    [...SP_DEFECTS, ...IDP_DEFECTS, ...RP_DEFECTS, ...SP_OIDC_DEFECTS, ...OP_DEFECTS].flatMap(provenChecks),
  );
  const orphans = [...CHECKS.keys()].filter((id) => !proven.has(id) && !NOT_YET_PROVABLE[id]);
  assert.deepEqual(orphans, [], 'checks no seeded defect proves (add a defect, or a reason here)');
  const stale = Object.keys(NOT_YET_PROVABLE).filter((id) => proven.has(id as never));
  assert.deepEqual(stale, [], 'checks listed as unprovable that a defect now proves');
});

test('a defect claims checks of the role its simulator plays', () => {
  for (const d of SP_DEFECTS)
    for (const id of provenChecks(d)) assert.equal(checkDef(id).role, 'sp', `${d.name}: ${id}`);
  for (const d of IDP_DEFECTS)
    for (const id of provenChecks(d)) assert.equal(checkDef(id).role, 'idp', `${d.name}: ${id}`);
  for (const d of RP_DEFECTS)
    for (const id of provenChecks(d)) assert.equal(checkDef(id).role, 'rp', `${d.name}: ${id}`);
  // The reference SP plays the RP too, when it signs in with an OpenID Connect IdP.
  for (const d of SP_OIDC_DEFECTS)
    for (const id of provenChecks(d)) assert.equal(checkDef(id).role, 'rp', `${d.name}: ${id}`);
  for (const d of OP_DEFECTS)
    for (const id of provenChecks(d)) assert.equal(checkDef(id).role, 'op', `${d.name}: ${id}`);
});

test('every check cites at least one document clause, and every cited document has a title and address', () => {
  for (const def of CHECKS.values()) {
    assert.ok(
      def.refs.some((r) => r.doc !== 'note'),
      `${def.id} cites no document, only notes`,
    );
    assert.equal(def.spec, citeRefs(def.refs));
    for (const r of def.refs)
      if (r.doc !== 'note') assert.match(refUrl(r) ?? '', /^https:\/\//, `${def.id}: ${r.doc}`);
  }
  for (const [doc, d] of Object.entries(SPEC_DOCS)) if (doc !== 'note') assert.ok(d.title, doc);
});
