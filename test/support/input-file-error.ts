import assert from 'node:assert/strict';
import { InputFileError } from '../../lib/scenario/index.ts';

/** The InputFileError `load` throws for `file`; fails the test when the file loads. */
export function inputFileError(load: (file: string) => unknown, file: string): InputFileError {
  try {
    load(file);
  } catch (err) {
    assert.ok(err instanceof InputFileError, `expected InputFileError, got ${String(err)}`);
    return err;
  }
  assert.fail(`${file} loaded without error`);
}
