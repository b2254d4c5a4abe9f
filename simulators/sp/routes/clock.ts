import type { Express } from 'express';
import { ClockInputError, readClockSetting } from '../../shared/settable-clock.ts';
import type { SpContext } from '../context.ts';

/**
 * The SP's clock, which expiry alerts, certificate validity and message lifetimes are judged by:
 * GET shows it, PUT {now} sets it (it runs on from there), DELETE puts it back.
 */
export function mountClock(app: Express, ctx: SpContext): void {
  const clock = ctx.opts.clockSetting;
  app.get('/__accord/clock', (_req, res) => void res.json(clock.view()));
  app.put('/__accord/clock', (req, res) => {
    try {
      clock.set(readClockSetting(req.body));
    } catch (e) {
      if (!(e instanceof ClockInputError)) throw e;
      res.status(400).json({ error: e.message, code: e.field });
      return;
    }
    res.json(clock.view());
  });
  app.delete('/__accord/clock', (_req, res) => {
    clock.reset();
    res.json(clock.view());
  });
}
