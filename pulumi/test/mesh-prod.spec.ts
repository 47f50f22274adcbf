import { describeMesh } from './helpers/mesh-expectations';
import { type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';

let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('prod', fixtureImages('prod'));
});

describeMesh('prod', () => run);
