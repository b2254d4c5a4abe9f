import type { ExpiryAlert } from '../../../lib/pki/expiry-alerts.ts';
import type { SpContext } from '../context.ts';
import { certificateAlerts, WRONG_ALERT_DAYS } from './certificate-alerts.ts';

export class AlertsQueryError extends Error {}

/**
 * The alerts the SP shows at its clock's now, or at `at` (an ISO 8601 instant) when asked: an
 * administrator can look ahead to see which alerts a date will bring.
 */
export function alertsAt(ctx: SpContext, at: unknown): { at: string; alerts: ExpiryAlert[] } {
  let now = ctx.opts.clock();
  if (at !== undefined && at !== '') {
    const t = typeof at === 'string' ? Date.parse(at) : Number.NaN;
    if (Number.isNaN(t))
      throw new AlertsQueryError(`at must be one ISO 8601 date-time, got ${JSON.stringify(at)}`);
    now = new Date(t);
  }
  const alerts = certificateAlerts(
    ctx.opts.entityId,
    ctx.certs,
    ctx.peers.list(),
    now,
    ctx.has('alerts-wrong-days') ? WRONG_ALERT_DAYS : undefined,
  );
  return { at: now.toISOString(), alerts };
}
