import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunPlan } from '../../lib/run/plan.ts';
import { expandProjectsOnce, runTargetProfile } from '../../lib/run/run-inputs.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const { write } = tempWorkspace('run-inputs');
const ENV = 'ACCORD_RUN_INPUTS';

const SP_PROFILE = readFileSync(`${REPO}targets/reference-sp.yaml`, 'utf8');
const scenario = write('adfs.yaml', readFileSync(`${REPO}scenarios/adfs.yaml`, 'utf8'));

/** What the run hands later processes: the path of a file in the environment, not the JSON. */
function handedOn() {
  const file = process.env[ENV]!;
  assert.ok(file.length < 4096 && !file.startsWith('{'), 'the environment holds a path');
  return JSON.parse(readFileSync(file, 'utf8'));
}

let copies = 0;
function handOn(inputs: unknown): void {
  process.env[ENV] = write(`inputs-${copies++}.json`, JSON.stringify(inputs));
}

function planFor(target: string, outDir = '/nowhere'): RunPlan {
  return { targets: [target], scenarios: [scenario], flows: [], outDir };
}

describe('run inputs, loaded once per run', () => {
  const saved = process.env[ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[ENV];
    else process.env[ENV] = saved;
  });

  it('hands later processes of the run the profile the run loaded, and rereads an edited file', () => {
    delete process.env[ENV];
    const target = write('sp-a.yaml', SP_PROFILE);
    const projects = expandProjectsOnce(planFor(target));
    assert.deepEqual(
      projects.map((p) => p.name),
      ['reference-sp·adfs'],
    );
    // Mark the handed-on copy: what a later process reads must be that copy, not the file.
    const inputs = handedOn();
    inputs.profiles[target].profile.name = 'from-the-run';
    handOn(inputs);
    assert.equal(runTargetProfile(target).name, 'from-the-run');
    assert.deepEqual(expandProjectsOnce(planFor(target)), projects);

    write('sp-a.yaml', SP_PROFILE.replace('name: reference-sp', 'name: renamed-sp'));
    assert.equal(runTargetProfile(target).name, 'renamed-sp');
    assert.equal(expandProjectsOnce(planFor(target))[0].target, 'renamed-sp');
  });

  it('ignores what another plan left, and a value that is not its own', () => {
    const target = write('sp-b.yaml', SP_PROFILE);
    expandProjectsOnce(planFor(target, '/one'));
    write('sp-b.yaml', SP_PROFILE.replace('name: reference-sp', 'name: second-sp'));
    assert.equal(expandProjectsOnce(planFor(target, '/two'))[0].target, 'second-sp');

    process.env[ENV] = write('garbage.json', '{not json');
    assert.equal(runTargetProfile(target).name, 'second-sp');
    assert.equal(expandProjectsOnce(planFor(target, '/three'))[0].target, 'second-sp');
  });

  it('finds the profile whether the plan named it by a relative path or an absolute one', () => {
    delete process.env[ENV];
    const target = write('sp-e.yaml', SP_PROFILE);
    expandProjectsOnce(planFor(relative(process.cwd(), target)));
    const inputs = handedOn();
    for (const file of Object.keys(inputs.profiles)) inputs.profiles[file].profile.name = 'from-the-run';
    handOn(inputs);
    assert.equal(runTargetProfile(target).name, 'from-the-run');
  });

  it('a run of a hundred targets hands on a short environment, however large its profiles (E2BIG)', () => {
    delete process.env[ENV];
    const targets = Array.from({ length: 100 }, (_, i) =>
      write(`many-${i}.yaml`, SP_PROFILE.replace('name: reference-sp', `name: sp-${i}`)),
    );
    const projects = expandProjectsOnce({ targets, scenarios: [scenario], flows: [], outDir: '/nowhere' });
    assert.equal(projects.length, 100);
    assert.ok(JSON.stringify(handedOn()).length > 128 * 1024, 'the inputs themselves pass 128 KiB');
    assert.ok(process.env[ENV]!.length < 4096);
  });

  it('reads a profile that is not part of the run afresh', () => {
    const target = write('sp-c.yaml', SP_PROFILE);
    expandProjectsOnce(planFor(target));
    const other = write('sp-d.yaml', SP_PROFILE.replace('name: reference-sp', 'name: other-sp'));
    assert.equal(runTargetProfile(other).name, 'other-sp');
  });
});
