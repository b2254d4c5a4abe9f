import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { InputFileError } from '../../lib/scenario/index.ts';
import { validateInputFile } from '../../lib/target/index.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const WORK = mkdtempSync(join(tmpdir(), 'accord-input-'));
after(() => rmSync(WORK, { recursive: true, force: true }));

describe('validateInputFile', () => {
  it('tells scenarios from target profiles', () => {
    assert.deepEqual(validateInputFile(join(REPO, 'scenarios/adfs.yaml')), {
      kind: 'scenario',
      name: 'adfs',
    });
    assert.deepEqual(validateInputFile(join(REPO, 'targets/reference-sp.yaml')), {
      kind: 'target',
      name: 'reference-sp',
    });
  });

  it('validates a file with role as a target profile', () => {
    const file = join(WORK, 'half-target.yaml');
    writeFileSync(file, 'name: X\nrole: sp\n');
    assert.throws(
      () => validateInputFile(file),
      (err: unknown) =>
        err instanceof InputFileError && /half-target\.yaml:1:1: \/protocol: required/.test(err.message),
    );
  });

  it('rejects what is neither', () => {
    const file = join(WORK, 'scalar.yaml');
    writeFileSync(file, 'just text\n');
    assert.throws(
      () => validateInputFile(file),
      (err: unknown) =>
        err instanceof InputFileError &&
        /scalar\.yaml:1:1: expected a scenario or a target profile/.test(err.message),
    );
    assert.throws(() => validateInputFile(join(WORK, 'absent.yaml')), /absent\.yaml: file not found/);
  });
});
