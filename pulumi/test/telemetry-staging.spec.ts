import { describeTelemetry } from './helpers/telemetry-expectations';
import { type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';

// Traces and logs in AWS as the committed staging config makes them (one program run per test file).
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('staging', fixtureImages('staging'));
});

describeTelemetry('staging', () => run);
