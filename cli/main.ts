import { userErrorLine } from './user-error.ts';

const USAGE = `accord — SAML 2.0 / OpenID Connect SSO conformance suite and simulators

Usage:
  accord run [--target FILE]... [--scenario FILE]... [--flow NAME]... [--check [TARGET=]ID]...
             [--grep REGEX] [--out DIR] [--workers N] [--shard I/N] [--port NAME=PORT]... [--no-report]
             [--expect-failures]
             [--package FILE [--sign-key NAME]]
      Run the suites. Default: every built-in scenario against the built-in simulators in both roles.
      Flows: metadata, sp-initiated, idp-initiated, jit, slo, security. --check runs only the tests
      that record the named checks and reports only those (TARGET= limits it to one target);
      --grep filters tests by title and tags (@flow, @CHECK-ID) as Playwright does.
      Exit code: 0 passed; 1 a MUST check failed (or a test errored); 3 could not test: nothing
      failed, but a project's genuine login did not work (its checks are inconclusive, with the
      reason: check the trust exchange); 2 bad usage or input file. Every flag is checked before the
      last run's output (--out) is replaced. --package also writes the certification package.
      --expect-failures: the targets are expected to fail checks (a defect matrix); a failed check
      is reported as always, but Playwright counts its test as an expected failure and keeps its
      worker and browser, instead of starting new ones after every failed test.
  accord metadata --scenario FILE... --port SCENARIO=PORT... [--target FILE] [-o FILE]
      Write the IdP metadata a run with the same --port will serve (same key, entityID, bytes),
      for a product that needs it before it starts; several scenarios give one EntitiesDescriptor.
  accord sim idp --scenario FILE [--port N] [--base-url URL] [--trust SP-METADATA-URL]... [--defect NAME]...
  accord sim sp [--port N] [--org ID] [--base-url URL] [--trust IDP-METADATA-URL]... [--defect NAME]...
  accord sim pair --scenario FILE [--idp-port N] [--sp-port N] [--state DIR|memory]
      An IdP and the reference SP that trust each other (--trust: fetch the peer's metadata at every
      start, retrying until it answers). Each shows its decoded messages at /__accord/trace/view.
      A routing scenario's pair starts every IdP of its routing entries (--port SCENARIO-ENTRY=N
      fixes one's port) and sets its rules at the SP.
  accord sim rp [--port N] [--base-url URL] [--defect NAME]...   (then POST its OP to /__accord/op)
      Start a simulator by hand; it prints its URLs and runs until Ctrl-C. It listens on 127.0.0.1
      (ACCORD_LISTEN_HOST changes that, e.g. in a container, with --base-url the address peers use).
  accord report [--out DIR] [--merge SHARD-OUT-DIR]...
      Build the Allure HTML report of the last run; with --merge, join the shards' output first.
  accord package -o FILE [--out DIR] [--sign-key NAME]
      The certification package of the last run: report, conformance.json, junit.xml, decoded
      messages, profiles and scenarios, and a manifest of SHA-256 digests signed with a persistent key.
  accord verify PACKAGE [--cert FILE]
      Check a package's signature, every file's digest and that its verdict is what its results give.
      Exit code: the verdict inside (0, 1, 3) when it verifies, 4 when it does not, 2 unreadable.
  accord validate FILE...            Validate scenario files and target profiles.
  accord keys [--create NAME | --recreate NAME] [--days=N]   (a negative N makes an expired certificate)
      List the persistent keys (.accord/keys), create a new one, or recreate an existing one.
`;

const [command, ...args] = process.argv.slice(2);
type Command = (args: string[]) => Promise<number>;
/**
 * Each command is loaded when it is called: the simulators and the runner pull in oidc-provider,
 * Playwright and the SAML stack, seconds of start-up that `validate`, `keys` or `--help` need none of.
 */
const commands: Partial<Record<string, () => Promise<Command>>> = {
  run: async () => (await import('./commands/run.ts')).runCommand,
  sim: async () => (await import('./commands/sim.ts')).simCommand,
  report: async () => (await import('./commands/report.ts')).reportCommand,
  validate: async () => (await import('./commands/validate.ts')).validateCommand,
  keys: async () => (await import('./commands/keys.ts')).keysCommand,
  metadata: async () => (await import('./commands/metadata.ts')).metadataCommand,
  package: async () => (await import('./commands/package.ts')).packageCommand,
  verify: async () => (await import('./commands/verify.ts')).verifyCommand,
};

async function main(): Promise<number> {
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  const load = commands[command];
  if (!load) {
    process.stderr.write(`accord: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  // `accord run --help` is where people look first: every command answers it with the usage.
  if (args.some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  return (await load())(args);
}

main().then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`accord: ${userErrorLine(e)}\n`);
    if (process.env.ACCORD_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    process.exitCode = 2;
  },
);
