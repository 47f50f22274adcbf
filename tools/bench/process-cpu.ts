import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const CLOCK_TICKS = 100;

/** User plus system CPU time of a process and all its threads, in seconds; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // fields 14 and 15 of proc(5)
  } catch {
    return undefined;
  }
}

/** The process listening on a TCP port of this machine, found through /proc (Linux only); undefined if none. */
export function pidListeningOn(port: number): number | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is ADDR:PORT in hex; state 0A is LISTEN; field 9 is the socket's inode.
      if (fields.length > 9 && fields[1].endsWith(`:${hexPort}`) && fields[3] === '0A') inodes.add(fields[9]);
    }
  }
  if (inodes.size === 0) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${entry}/fd/${fd}`));
        if (match && inodes.has(match[1])) return Number(entry);
      } catch {
        // the descriptor closed meanwhile
      }
    }
  }
  return undefined;
}

/** CPU used by named processes between `start()` and `stop()`, as cores (CPU seconds per wall second). */
export class CpuMeter {
  private started = new Map<string, number>();
  private startedAt = 0;

  constructor(private readonly processes: Record<string, number>) {}

  start(): void {
    this.startedAt = performance.now();
    this.started = new Map(
      Object.entries(this.processes).map(([name, pid]) => [
        name,
        name === 'benchmark' ? ownCpu() : (cpuSeconds(pid) ?? 0),
      ]),
    );
  }

  /** Cores used by each process over the interval, rounded to 0.01. */
  stop(): Record<string, number> {
    const seconds = (performance.now() - this.startedAt) / 1000;
    return Object.fromEntries(
      Object.entries(this.processes).map(([name, pid]) => {
        const now = name === 'benchmark' ? ownCpu() : (cpuSeconds(pid) ?? 0);
        return [name, Math.round(((now - (this.started.get(name) ?? now)) / seconds) * 100) / 100];
      }),
    );
  }
}

/** This process's CPU (shoppers, edge, and the emulator when it runs here), in seconds. */
function ownCpu(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}
