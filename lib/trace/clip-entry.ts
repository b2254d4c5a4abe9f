import type { TraceEntry } from './types.ts';

export interface TraceClipLimits {
  /** raw and decoded of a message the simulator received. */
  maxInFieldBytes: number;
  /** raw and decoded of a message the simulator made and sent. */
  maxOutFieldBytes: number;
  /**
   * info as JSON of a received message (its strings clipped first, and if that is not enough it is
   * replaced by a note); what the simulator sent keeps info up to maxOutFieldBytes.
   */
  maxInfoBytes: number;
}

/** URL, RelayState and check details: short in every honest message. */
const MAX_SHORT_FIELD = 8 * 1024;
const MAX_INFO_STRING = 8 * 1024;

/** The first `max` characters and a note of how much was left out. */
export function clipText(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, max)}… [clipped: ${s.length - max} more characters not kept in the trace]`;
}

function clipOptional(s: string | undefined, max: number): string | undefined {
  return s === undefined ? undefined : clipText(s, max);
}

function clipInfo(
  info: Record<string, unknown> | undefined,
  max: number,
  maxString: number,
): Record<string, unknown> | undefined {
  if (info === undefined) return undefined;
  let json = JSON.stringify(info);
  // No string in it is longer than the whole JSON: a short info has nothing to clip, and is kept
  // as it is (clipEntry copies it anyway). Only a long one pays for the clipping pass.
  if (json.length <= maxString && json.length <= max) return info;
  json = JSON.stringify(info, (_k, v: unknown) => (typeof v === 'string' ? clipText(v, maxString) : v));
  if (json.length <= max) return JSON.parse(json) as Record<string, unknown>;
  return { clipped: `info of ${json.length} characters not kept in the trace (limit ${max})` };
}

/**
 * The entry as the trace keeps it: long fields clipped with a note, and every string copied out of
 * the request it came from, so a kept substring never holds a large request body in memory. Its
 * size is what it takes as JSON.
 */
export function clipEntry(entry: TraceEntry, limits: TraceClipLimits): { entry: TraceEntry; json: string } {
  const out = entry.direction === 'out';
  const field = out ? limits.maxOutFieldBytes : limits.maxInFieldBytes;
  const clipped: TraceEntry = {
    ...entry,
    flow: clipOptional(entry.flow, MAX_SHORT_FIELD),
    url: clipOptional(entry.url, MAX_SHORT_FIELD),
    relayState: clipOptional(entry.relayState, MAX_SHORT_FIELD),
    raw: clipOptional(entry.raw, field),
    decoded: clipOptional(entry.decoded, field),
    checks: entry.checks?.map((c) => ({ ...c, detail: clipText(c.detail, MAX_SHORT_FIELD) })),
    info: out
      ? clipInfo(entry.info, limits.maxOutFieldBytes, limits.maxOutFieldBytes)
      : clipInfo(entry.info, limits.maxInfoBytes, MAX_INFO_STRING),
  };
  const json = JSON.stringify(clipped);
  return { entry: JSON.parse(json) as TraceEntry, json };
}
