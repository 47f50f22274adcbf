import { describeMesh } from './helpers/mesh-expectations';
import { type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('staging', fixtureImages('staging'));
});

describeMesh('staging', () => run);
