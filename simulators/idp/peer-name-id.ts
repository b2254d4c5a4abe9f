import { NAME_ID_FORMATS, type NameIdFormat, USER_FIELDS } from '../../lib/scenario/types.ts';
import type { NameIdSource, TargetNameId } from '../../lib/target/types.ts';

const SOURCES: readonly NameIdSource[] = ['random', ...USER_FIELDS];

export class PeerNameIdError extends Error {}

/**
 * The NameID a trusted SP needs, from the query of POST /__accord/peers
 * (`nameIdFormat`, optional `nameIdFrom`); undefined when neither is given.
 */
export function readPeerNameId(query: Record<string, unknown>): TargetNameId | undefined {
  const format = query.nameIdFormat;
  const from = query.nameIdFrom;
  if (format === undefined && from === undefined) return undefined;
  if (typeof format !== 'string' || !(NAME_ID_FORMATS as readonly string[]).includes(format))
    throw new PeerNameIdError(
      `nameIdFormat: expected one of ${NAME_ID_FORMATS.join(', ')}, got ${format === undefined ? 'nothing' : JSON.stringify(format)}`,
    );
  if (from !== undefined && (typeof from !== 'string' || !(SOURCES as readonly string[]).includes(from)))
    throw new PeerNameIdError(
      `nameIdFrom: expected one of ${SOURCES.join(', ')}, got ${JSON.stringify(from)}`,
    );
  if (from === 'random' && format !== 'transient')
    throw new PeerNameIdError(
      `nameIdFrom: random is for a transient NameID only (nameIdFormat is ${format})`,
    );
  return from === undefined
    ? { format: format as NameIdFormat }
    : { format: format as NameIdFormat, from: from as NameIdSource };
}
