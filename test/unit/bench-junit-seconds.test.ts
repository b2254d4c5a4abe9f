import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { junitTestSeconds } from '../../bench/junit-seconds.ts';
import { tempWorkspace } from '../support/temp-workspace.ts';

const { write } = tempWorkspace('bench-junit');

describe('bench: test durations from a JUnit file', () => {
  it('adds up the testcase times, not the suites', () => {
    const file = write(
      'junit.xml',
      `<testsuites time="9"><testsuite name="a" time="4.5">
        <testcase name="one" classname="x" time="1.25"></testcase>
        <testcase name="two" time="3.25"><failure message="m"/></testcase>
      </testsuite></testsuites>`,
    );
    assert.equal(junitTestSeconds(file), 4.5);
  });

  it('says nothing for a missing file or one without tests', () => {
    assert.equal(junitTestSeconds(write('none.xml', '<testsuites time="0"></testsuites>')), undefined);
    assert.equal(junitTestSeconds(`${write('x.xml', '')}.missing`), undefined);
  });
});
