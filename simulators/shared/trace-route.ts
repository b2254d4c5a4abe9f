import type { RequestHandler } from 'express';
import type { TraceRecorder } from '../../lib/trace/recorder.ts';
import { sendTrace } from './send-trace.ts';

/** GET /__accord/trace?flow=&since= : the entries of one flow, or those after a sequence number (sendTrace). */
export function traceRoute(trace: TraceRecorder): RequestHandler {
  return (req, res) => {
    const { flow, since } = req.query;
    if (flow !== undefined && typeof flow !== 'string')
      return void res.status(400).json({ error: 'flow must be given once', check: 'flow' });
    let sinceSeq: number | undefined;
    if (since !== undefined) {
      sinceSeq = typeof since === 'string' && /^\d{1,15}$/.test(since) ? Number(since) : Number.NaN;
      if (Number.isNaN(sinceSeq))
        return void res
          .status(400)
          .json({ error: 'since must be a sequence number (integer ≥ 0)', check: 'since' });
    }
    sendTrace(res, trace, { flow: flow || undefined, since: sinceSeq });
  };
}
