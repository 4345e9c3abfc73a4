// What a process did during one measuring window of the hub-capacity ramp: its CPU (share of
// one core) and its event-loop delay. A p99 over 100 ms can come from the hub's CPU, from
// stalls of its event loop, from PostgreSQL, or from the fleet that generates the load; these
// numbers say which (the hub and baseline report theirs over IPC, the fleet takes its own).
import { readdirSync, readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface WindowStats {
  /** CPU time ÷ wall time: 1 is one core fully busy. */
  cpu: number;
  /** Event-loop delay percentiles in ms (timer resolution 10 ms, so ~10 ms of noise floor is not counted). */
  loopP99Ms: number;
  loopMaxMs: number;
}

/** Starts watching this process; each `take()` returns the window since the previous one. */
export function watchProcess(): { take(): WindowStats } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let cpu = process.cpuUsage();
  let at = performance.now();
  return {
    take() {
      const used = process.cpuUsage(cpu);
      const now = performance.now();
      const stats = {
        cpu: (used.user + used.system) / 1000 / Math.max(1, now - at),
        // The histogram counts from the timer's due time: its excess over the resolution is the stall.
        loopP99Ms: Math.max(0, delay.percentile(99) / 1e6 - 10),
        loopMaxMs: Math.max(0, delay.max / 1e6 - 10),
      };
      delay.reset();
      cpu = process.cpuUsage();
      at = now;
      return stats;
    },
  };
}

const TICKS_PER_SECOND = 100;

/** CPU ms so far of every PostgreSQL server process, by pid (Linux /proc; null elsewhere). */
function postgresCpuByPid(): Map<string, number> | null {
  const byPid = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    const close = stat.lastIndexOf(')');
    if (!stat.slice(stat.indexOf('(') + 1, close).startsWith('postgres')) continue;
    // Fields after the command: state is the 3rd, utime the 14th, stime the 15th (proc(5)).
    const fields = stat.slice(close + 2).split(' ');
    byPid.set(pid, (Number(fields[11]) + Number(fields[12])) * (1000 / TICKS_PER_SECOND));
  }
  return byPid;
}

/**
 * Starts counting the CPU of PostgreSQL's processes, which are not pinned (they share both
 * cores with the fleet and the hub) and serve whoever else uses the server too. `stop()` gives
 * the ms they used meanwhile; a backend that exited meanwhile is not counted (a lower bound).
 */
export function watchPostgresCpu(): { stop(): number | null } {
  const before = postgresCpuByPid();
  return {
    stop() {
      const after = postgresCpuByPid();
      if (before === null || after === null) return null;
      let used = 0;
      for (const [pid, ms] of after) used += ms - (before.get(pid) ?? 0);
      return used;
    },
  };
}
