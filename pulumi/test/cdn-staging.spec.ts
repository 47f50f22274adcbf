import { describeCdn } from './helpers/cdn-expectations';
import { type ProgramRun, runProgram } from './helpers/run-program';
import { fixtureImages } from './helpers/stack-config';

// staging as committed, with the services deployed: the CDN is on (docs/decisions/0018-cdn-for-the-catalog.md).
let run: ProgramRun;
beforeAll(async () => {
  run = await runProgram('staging', fixtureImages('staging'));
});

describeCdn('staging', () => run);
