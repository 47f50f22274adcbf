import { type Platform } from '../../tools/platform/platform';
import { ATTACKS, formatResult, runAttacks } from '../../tools/security/attacks';
import { startSecurityPlatform } from '../../tools/security/security-platform';

/** The attacks `npm run security` runs, through the edge against the services as processes: each must fail. */
describe('security: the attacks of docs/security.md fail', () => {
  let platform: Platform;
  let lines: string[] = [];

  beforeAll(async () => {
    const started = await startSecurityPlatform(process.env.TEST_MONGODB_URI!);
    platform = started.platform;
    lines = (await runAttacks(started.target)).map(formatResult);
  }, 240_000);
  afterAll(async () => platform?.stop());

  it.each(ATTACKS.map((attack) => attack.name))('%s', (name) => {
    const line = lines.find((candidate) => candidate.includes(`  ${name}  `));
    expect(line).toMatch(/^PASS/);
  });
});
