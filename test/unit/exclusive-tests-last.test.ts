import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SUITES = join(ROOT, 'suites');
const LAST = 'z-exclusive.spec.ts';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

interface ListedSuite {
  file: string;
  specs?: unknown[];
  suites?: ListedSuite[];
}

/*
 * The tests that reconfigure their target run after every other test only because Playwright
 * queues tests in the order of their files and they are all declared from the file that sorts last
 * (a 1-worker run starts whatever is first in the queue, exclusive lock or not).
 */
test('the exclusive suites are declared from the last spec file only, and every one of them is', () => {
  const all = files(SUITES);
  const modules = all.filter((f) => f.endsWith('.exclusive.ts')).map((f) => relative(SUITES, f));
  assert.ok(modules.length > 0);
  const last = readFileSync(join(SUITES, LAST), 'utf8');
  for (const m of modules) assert.ok(last.includes(`'./${m}'`), `${LAST} imports ${m}`);
  for (const f of all.filter((x) => x.endsWith('.ts') && !x.endsWith(LAST))) {
    assert.doesNotMatch(
      readFileSync(f, 'utf8'),
      /\.exclusive\.ts'/,
      `${relative(SUITES, f)} imports an exclusive suite`,
    );
  }
  for (const f of all.filter((x) => /exclusive: true/.test(readFileSync(x, 'utf8')))) {
    assert.ok(
      f.endsWith('.exclusive.ts'),
      `${relative(SUITES, f)} declares exclusive tests outside an .exclusive.ts module`,
    );
  }
});

test('Playwright lists the exclusive file last, with tests in it', () => {
  const out = execFileSync('npx', ['playwright', 'test', '--list', '--reporter=json'], {
    cwd: ROOT,
    env: { ...process.env, ACCORD_QUIET: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const report = JSON.parse(out.slice(out.indexOf('{'))) as { suites: ListedSuite[] };
  const count = (s: ListedSuite): number =>
    (s.specs?.length ?? 0) + (s.suites ?? []).reduce((n, c) => n + count(c), 0);
  const last = report.suites.at(-1);
  assert.equal(last?.file, LAST);
  assert.ok(count(last) > 0, 'the default run has exclusive tests');
  assert.ok(report.suites.length > 1);
});
