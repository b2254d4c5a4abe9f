/*
 * The tests that reconfigure their target for a while (a key rollover, a repointed discovery URL,
 * routing rules) must run after every other test of the run, and alone. Playwright queues tests in
 * the order of their files, alphabetically, and starts a test holding its exclusive lock only while
 * no other runs: declared from this file, the last of the suites, they run last and one at a time,
 * in the workers the run already has. test/unit/exclusive-tests-last.test.ts checks the order.
 */
import './idp-target/rollover/rollover.exclusive.ts';
import './rp-target/metadata/discovery-issuer.exclusive.ts';
import './sp-target/rollover/rollover.exclusive.ts';
import './sp-target/routing/routing.exclusive.ts';
import { test } from './fixtures/index.ts';

// In order, in one worker: each suite leaves its target as the next one expects it.
test.describe.configure({ mode: 'default' });
