import { readFileSync } from 'node:fs';

/** Busy and total core-seconds of the whole machine so far, from /proc/stat (undefined off Linux). */
export function machineCpu(): { busy: number; total: number } | undefined {
  let line: string;
  try {
    line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  } catch {
    return undefined;
  }
  // cpu user nice system idle iowait irq softirq steal …: idle and iowait are the only idle time.
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / 100, total: (busy + idle + iowait) / 100 };
}

/** The share of every core the machine spent busy between two readings. */
export function busyShare(
  a: ReturnType<typeof machineCpu>,
  b: ReturnType<typeof machineCpu>,
): number | undefined {
  if (!a || !b || b.total <= a.total) return undefined;
  return (b.busy - a.busy) / (b.total - a.total);
}
