import { runCli } from './cli/run-cli';

// Entry point: `npx tsx tools/mongo-emulator/src/cli.ts --port 27018 [--persist path]`.
runCli(process.argv.slice(2), {
  log: (line) => console.log(line),
  onShutdown: (handler) => {
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  },
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
