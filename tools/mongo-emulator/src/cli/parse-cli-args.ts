export interface CliOptions {
  host: string;
  port: number;
  persistPath?: string;
}

export const USAGE =
  'usage: tsx tools/mongo-emulator/src/cli.ts [--port 27018] [--host 127.0.0.1] [--persist path/to/snapshot.json]';

/** Parses `--port N`, `--host H` and `--persist PATH` (also in `--flag=value` form). */
export function parseCliArgs(argv: string[]): CliOptions {
  const options: CliOptions = { host: '127.0.0.1', port: 27018 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`missing value for ${flag}\n${USAGE}`);
    if (flag === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535, got ${value}`);
      options.port = port;
    } else if (flag === '--host') options.host = value;
    else if (flag === '--persist') options.persistPath = value;
    else throw new Error(`unknown option ${flag}\n${USAGE}`);
  }
  return options;
}
