import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { userErrorLine, withoutStack } from '../../cli/user-error.ts';
import { fetchFailure } from '../../lib/net/fetch-failure.ts';

/* A user's mistake reads as one line that names its cause; no stack, no frame of Accord's source. */

async function closedPort(): Promise<number> {
  return new Promise((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => done(port));
    });
  });
}

test('a refused connection says so, with the address, instead of "fetch failed"', async () => {
  const port = await closedPort();
  const e = await fetch(`http://127.0.0.1:${port}/metadata`).then(
    () => assert.fail('nothing listens there'),
    (err: unknown) => err,
  );
  assert.equal((e as Error).message, 'fetch failed', 'what Node says by itself');
  assert.equal(fetchFailure(e), `connection refused at 127.0.0.1:${port} (is it running?)`);
});

test('an unknown host and a timeout are named too', async () => {
  const e = await fetch('http://no-such-host.invalid/').catch((err: unknown) => err);
  assert.match(fetchFailure(e), /^host not found: no-such-host\.invalid$/);
  const timeout = Object.assign(new Error('aborted'), { name: 'TimeoutError' });
  assert.equal(fetchFailure(timeout), 'no answer in time (timed out)');
});

test('the harness rethrows setup errors without a stack, so Playwright prints no code frame', () => {
  const plain = withoutStack(new Error('targets/x.yaml: metadata.url … connection refused'));
  assert.equal(plain.stack, 'Error: targets/x.yaml: metadata.url … connection refused');
  assert.doesNotMatch(plain.stack ?? '', /\n\s+at /);
});

test('an unknown flag is named, without node:util advice about positionals', () => {
  const e = Object.assign(
    new TypeError(
      "Unknown option '--wokers'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--wokers\"",
    ),
    { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' },
  );
  assert.equal(userErrorLine(e), 'unknown flag --wokers (accord --help lists them)');
});
