import type { Scenario } from '../../lib/scenario/index.ts';
import { entriesWithSimulator, routingIdpId } from '../routing/routing-entries.ts';
import { parsePortFlag } from './trust-peer.ts';

/**
 * `sim pair --port NAME=PORT` (repeatable): the port of a routing entry's simulator, named by its id
 * `<scenario>-<entry>` as `accord run --port` names it. A name no entry of the scenario has is
 * refused: that simulator would get a free port, and trust set up for the given one would not hold.
 * `file` is the scenario's, for the error; `taken` are the ports the other flags gave, by flag.
 */
export function routingPorts(
  values: readonly string[],
  scenario: Scenario,
  file: string,
  taken: Record<string, number>,
): Record<string, number> {
  const names = entriesWithSimulator(scenario).map((e) => routingIdpId(scenario, e));
  const ports: Record<string, number> = {};
  const by = new Map(Object.entries(taken).flatMap(([flag, port]) => (port === 0 ? [] : [[port, flag]])));
  for (const v of values) {
    const eq = v.indexOf('=');
    const name = v.slice(0, eq);
    if (eq <= 0) throw new Error(`--port expects NAME=PORT (a routing entry's simulator), got "${v}"`);
    if (!names.includes(name))
      throw new Error(
        `--port ${name}=…: no routing entry of ${file} starts a simulator of that name; ${names.length ? `names: ${names.join(', ')}` : 'it starts none'}`,
      );
    const port = parsePortFlag(`--port ${name}=`, v.slice(eq + 1));
    const other = by.get(port);
    if (other) throw new Error(`--port ${name}=${port}: port ${port} is already given to ${other}`);
    if (port !== 0) by.set(port, `--port ${name}`);
    ports[name] = port;
  }
  return ports;
}
