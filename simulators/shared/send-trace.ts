import type { Response } from 'express';
import { TRACE_NEXT_HEADER } from '../../lib/admin/protocol.ts';
import type { TraceRecorder } from '../../lib/trace/recorder.ts';

/**
 * GET /__accord/trace: the kept JSON of each matching entry, at most maxAnswerBytes per answer;
 * when more matched, a header says from which seq to ask again.
 */
export function sendTrace(
  res: Response,
  trace: TraceRecorder,
  filter: { flow?: string; since?: number },
): void {
  const { json, next } = trace.answer(filter);
  if (next !== undefined) res.set(TRACE_NEXT_HEADER, String(next));
  res.type('json').send(json);
}
