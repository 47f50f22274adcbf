import { describeTelemetry } from './helpers/telemetry-expectations';
import { type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';

// Traces and logs in AWS as the committed prod config makes them (one program run per test file).
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('prod', fixtureImages('prod'));
});

describeTelemetry('prod', () => run);
