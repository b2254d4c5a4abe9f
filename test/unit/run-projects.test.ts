import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { expandProjects } from '../../lib/run/projects.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const { write } = tempWorkspace('run-projects');
const RP_PROFILE = readFileSync(`${REPO}targets/reference-rp.yaml`, 'utf8');

describe('projects of a run', () => {
  it('refuses two rp targets registering the same client id at the OP they share', () => {
    const a = write('rp-a.yaml', RP_PROFILE.replace('name: reference-rp', 'name: rp-a'));
    const b = write('rp-b.yaml', RP_PROFILE.replace('name: reference-rp', 'name: rp-b'));
    const plan = { targets: [a, b], scenarios: [`${REPO}scenarios/adfs.yaml`], flows: [], outDir: '/x' };
    assert.throws(
      () => expandProjects(plan),
      /targets "rp-a" and "rp-b" both register client id "accord-reference-rp" at the OP: client ids must be unique in a run/,
    );
    const c = write(
      'rp-c.yaml',
      RP_PROFILE.replace('name: reference-rp', 'name: rp-c').replace('id: accord-reference-rp', 'id: rp-c'),
    );
    assert.deepEqual(expandProjects({ ...plan, targets: [a, c] }), []);
  });
});
