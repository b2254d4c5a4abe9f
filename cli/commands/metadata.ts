import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Keystore } from '../../lib/pki/index.ts';
import { aggregateMetadata } from '../../lib/saml/metadata/aggregate-metadata.ts';
import { loadSamlScenario } from '../../lib/scenario/index.ts';
import { loadTargetProfile } from '../../lib/target/index.ts';
import { publishedIdpMetadata } from '../../simulators/idp/published-metadata.ts';
import { parsePorts } from './run.ts';

/**
 * Writes the IdP metadata a run will serve, before the run: for a product that cannot start
 * without IdP metadata. The entityID and endpoints hold the simulator's address, so each scenario
 * needs the fixed port the run will be given too; the key is the persistent one. Several scenarios
 * give one EntitiesDescriptor, the file a run offers the exchange command as {aggregate_metadata_file}.
 */
export async function metadataCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      scenario: { type: 'string', multiple: true },
      port: { type: 'string', multiple: true },
      target: { type: 'string' },
      out: { type: 'string', short: 'o' },
    },
  });
  if (!values.scenario?.length) throw new Error('metadata: give --scenario FILE (one or more)');
  const ports = parsePorts(values.port ?? []);
  // The target's profile may narrow the SSO bindings its metadata offers (exchange.ssoBindings).
  const ssoBindings = values.target
    ? loadTargetProfile(resolve(values.target)).exchange?.ssoBindings
    : undefined;
  const keystore = new Keystore();
  const docs = values.scenario.map((file) => {
    const scenario = loadSamlScenario(resolve(file));
    const port = ports[scenario.id];
    if (port === undefined)
      throw new Error(
        `metadata: give --port ${scenario.id}=PORT (and the same to accord run): the IdP's entityID and endpoints hold its address`,
      );
    return publishedIdpMetadata({ scenario, keystore, port, ssoBindings });
  });
  const xml = docs.length === 1 ? docs[0] : aggregateMetadata(docs);
  if (values.out) {
    writeFileSync(values.out, xml);
    process.stderr.write(`accord: wrote ${resolve(values.out)}\n`);
  } else process.stdout.write(xml);
  return 0;
}
