import { NS } from '../namespaces.ts';

const DECLARATION = /^\s*<\?xml[^>]*\?>\s*/;
const ENTITY_ID = /<(?:[\w-]+:)?EntityDescriptor\b[^>]*?\bentityID="([^"]*)"/;

/**
 * Several IdPs' metadata in one document, an EntitiesDescriptor holding each EntityDescriptor as
 * it was served (its signature still verifies: it covers its own element only), for an SP that
 * reads one metadata file. An entityID given twice is kept once.
 */
export function aggregateMetadata(documents: readonly string[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const [i, doc] of documents.entries()) {
    const body = doc.replace(DECLARATION, '');
    const id = ENTITY_ID.exec(body)?.[1];
    if (!id || !/^<(?:[\w-]+:)?EntityDescriptor\b/.test(body))
      throw new Error(`metadata document ${i + 1} is not a single EntityDescriptor`);
    if (seen.has(id)) continue;
    seen.add(id);
    parts.push(body.trim());
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<EntitiesDescriptor xmlns="${NS.md}">\n${parts.join('\n')}\n</EntitiesDescriptor>\n`;
}
