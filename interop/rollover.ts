/**
 * The keyRollover hook of the interop target profiles: makes a running peer roll its own key over,
 * one step at a time, the way its product's documentation tells an operator to.
 *
 *   node --import tsx interop/rollover.ts <peer> <peer base URL> [publish | switch | retire]
 *
 * (the step defaults to $ACCORD_ROLLOVER_STEP, which Accord sets for the hook it runs).
 */
import { ROLLOVER_STEPS, type RolloverStep } from '../lib/target/types.ts';
import { peerKind } from './peers.ts';

const USAGE = `usage: node --import tsx interop/rollover.ts <peer> <peer base URL> [${ROLLOVER_STEPS.join(' | ')}]`;

async function main(argv: string[]): Promise<void> {
  const [name, baseUrl, step = process.env.ACCORD_ROLLOVER_STEP] = argv;
  if (!name || !baseUrl || !step) throw new Error(USAGE);
  if (!(ROLLOVER_STEPS as readonly string[]).includes(step))
    throw new Error(`unknown step "${step}": ${USAGE}`);
  const kind = peerKind(name);
  if (!kind.rollover)
    throw new Error(`${kind.title} has no key rollover hook; its profile says how it rolls over`);
  process.stdout.write(`${await kind.rollover(baseUrl, step as RolloverStep)}\n`);
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(`interop/rollover: ${e.message}\n`);
  process.exit(1);
});
