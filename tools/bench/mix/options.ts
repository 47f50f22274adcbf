/** `npm run bench -- ...` options; see the usage text below and docs/benchmarks.md. */
export interface BenchOptions {
  /** Concurrent shoppers; a sweep runs one measured window per count, on the same platform. */
  shoppers: number[];
  durationSeconds: number;
  /** Mean think time between two steps of a shopper (exponential); 0 for none (a closed loop). */
  thinkMs: number;
  /** Seconds of the mix run before the first window and not recorded (JIT, caches, pools). */
  warmUpSeconds: number;
  /** The client's deadline per call. */
  timeoutMs: number;
  /** Logins in flight at once while the sessions start (outside the measured windows). */
  loginConcurrency: number;
  /** A deployed stack instead of the local platform. */
  baseUrl?: string;
  /** Local runs: settings given to every service on top of the benchmark's own (`--env NAME=value`). */
  env: Record<string, string>;
  /** Local runs: also measure the catalog page alone against raw node:http serving its bytes. */
  catalogVsRaw: boolean;
}

export const USAGE = `npm run bench -- [--shoppers N | --sweep 20,50,100,200] [--duration S] [--think-ms MS]
  [--warm-up S] [--timeout-ms MS] [--login-concurrency N] [--env NAME=value]... [--catalog-vs-raw]
  [--base-url URL]
--concurrency N is --shoppers N.`;

const positive = (name: string, text: string, min = 1): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}, got "${text}"`);
  return value;
};

/** Reads the options; throws with the offending option named. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    shoppers: [20],
    durationSeconds: 20,
    thinkMs: 1000,
    warmUpSeconds: 5,
    timeoutMs: 10_000,
    loginConcurrency: 4,
    env: {},
    catalogVsRaw: false,
  };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i].replace(/^--/, '');
    if (name === 'catalog-vs-raw') {
      options.catalogVsRaw = true;
      continue;
    }
    const value = argv[i + 1];
    if (!argv[i].startsWith('--') || value === undefined) throw new Error(`unexpected "${argv[i]}"\n${USAGE}`);
    i += 1;
    switch (name) {
      case 'shoppers':
      case 'concurrency':
        options.shoppers = [positive(name, value)];
        break;
      case 'sweep':
        options.shoppers = value.split(',').map((count) => positive(name, count.trim()));
        break;
      case 'duration':
        options.durationSeconds = positive(name, value);
        break;
      case 'think-ms':
        options.thinkMs = positive(name, value, 0);
        break;
      case 'warm-up':
        options.warmUpSeconds = positive(name, value, 0);
        break;
      case 'timeout-ms':
        options.timeoutMs = positive(name, value, 100);
        break;
      case 'login-concurrency':
        options.loginConcurrency = positive(name, value);
        break;
      case 'base-url':
        options.baseUrl = value.replace(/\/$/, '');
        break;
      case 'env': {
        const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(value);
        if (!match) throw new Error(`--env takes NAME=value, got "${value}"`);
        options.env[match[1]] = match[2];
        break;
      }
      default:
        throw new Error(`unknown option --${name}\n${USAGE}`);
    }
  }
  return options;
}
