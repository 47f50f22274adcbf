import { describeGateway } from './helpers/gateway-expectations';
import { type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('staging', fixtureImages('staging'));
});

describeGateway('staging', () => run);
