import { formatXml } from './format-xml.ts';
import { renderSequenceSvg } from './sequence-diagram.ts';
import type { TraceEntry } from './types.ts';

/** A report attachment. */
export interface EvidenceFile {
  name: string;
  body: string;
  contentType: string;
}

/**
 * One entry per message, in the order they happened. A message both simulators saw (the IdP sent
 * it, the reference SP received it) is the same bytes twice: the first sighting stands for both.
 */
export function uniqueMessages(entries: readonly TraceEntry[]): TraceEntry[] {
  const sorted = [...entries].sort(
    (a, b) => a.at.localeCompare(b.at) || a.observer.localeCompare(b.observer) || a.seq - b.seq,
  );
  const seen = new Set<string>();
  const out: TraceEntry[] = [];
  for (const e of sorted) {
    const body = e.decoded ?? e.raw;
    const key = body === undefined ? `${e.observer}#${e.seq}` : `${e.kind}\u0000${e.flow ?? ''}\u0000${body}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

const nameOf = (v: unknown): string | undefined => {
  if (typeof v === 'string' && v) return v;
  const name = (v as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name ? name : undefined;
};

/**
 * The attack a message carries, as the simulator that forged it recorded it: a named mutation
 * (`info.tamper`, `info.forgery`, `info.attack`), else the fields its flow's plan changed
 * (`info.plan`: `audience`, `issuer`…). A genuine message has neither.
 */
export function attackOf(e: TraceEntry): string | undefined {
  for (const key of ['tamper', 'forgery', 'attack']) {
    const name = nameOf(e.info?.[key]);
    if (name) return name;
  }
  const plan = e.info?.plan;
  if (plan && typeof plan === 'object' && !Array.isArray(plan)) {
    const keys = Object.keys(plan);
    if (keys.length > 0) return keys.join('+');
  }
  return undefined;
}

function labelled(e: TraceEntry): TraceEntry {
  const attack = attackOf(e);
  return attack ? { ...e, kind: `${e.kind} [attack ${attack}]` } : e;
}

const safeName = (s: string) => s.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');

/**
 * The evidence of some messages: a sequence diagram of them, then each decoded message,
 * pretty-printed, numbered by its place in the whole test and named after its attack if it is one.
 */
export function evidenceFiles(messages: readonly { entry: TraceEntry; n: number }[]): EvidenceFile[] {
  if (messages.length === 0) return [];
  const files: EvidenceFile[] = [
    {
      name: 'sequence.svg',
      body: renderSequenceSvg(messages.map((m) => labelled(m.entry))),
      contentType: 'image/svg+xml',
    },
    // As they travelled (raw) and as decoded, byte for byte: the pretty-printed copies below are for reading.
    {
      name: 'messages.json',
      body: JSON.stringify(
        // `decoded` is left out: it is `raw` decoded, and the readable copies follow.
        messages.map(({ n, entry: { decoded: _, ...rest } }) => ({ n, ...rest })),
        null,
        2,
      ),
      contentType: 'application/json',
    },
  ];
  for (const { entry, n } of messages) {
    if (!entry.decoded) continue;
    const xml = entry.decoded.trimStart().startsWith('<');
    const attack = attackOf(entry);
    const name = [
      String(n).padStart(3, '0'),
      entry.from,
      'to',
      entry.to,
      entry.kind,
      attack && `attack-${attack}`,
    ]
      .filter(Boolean)
      .map((p) => safeName(String(p)))
      .join('-');
    files.push({
      name: `${name}.${xml ? 'xml' : 'txt'}`,
      body: xml ? formatXml(entry.decoded) : entry.decoded,
      contentType: xml ? 'application/xml' : 'text/plain',
    });
  }
  return files;
}
