import bcrypt from 'bcryptjs';
import { type UserSettings } from '../user-settings';
import { EventLoopBcryptRunner } from './bcrypt-runner';
import { PasswordHasher } from './password-hasher';

/** Runs bcrypt in the test's own thread, and records what it was asked to compare against. */
class RecordingRunner extends EventLoopBcryptRunner {
  readonly compared: string[] = [];

  override compare(password: string, hash: string): Promise<boolean> {
    this.compared.push(hash);
    return super.compare(password, hash);
  }
}

describe('PasswordHasher', () => {
  const settings = { bcryptCost: 6 } as UserSettings;

  it('answers "no match" for an unknown account after a comparison at the configured cost', async () => {
    const runner = new RecordingRunner();
    const hasher = new PasswordHasher(settings, runner);
    await expect(hasher.verifyAgainstDummy('any password')).resolves.toBe(false);
    const [dummy] = runner.compared;
    // A well-formed bcrypt hash (bcryptjs compares nothing shorter) at the cost of real ones: same work.
    expect(dummy).toMatch(/^\$2b\$06\$[./A-Za-z0-9]{53}$/);
    expect(bcrypt.getRounds(dummy)).toBe(settings.bcryptCost);
  });

  it('uses a dummy of its own in every process', () => {
    const first = new RecordingRunner();
    const second = new RecordingRunner();
    void new PasswordHasher(settings, first).verifyAgainstDummy('x');
    void new PasswordHasher(settings, second).verifyAgainstDummy('x');
    expect(first.compared[0]).not.toBe(second.compared[0]);
  });

  it('verifies real hashes and asks for a rehash of weaker ones', async () => {
    const hasher = new PasswordHasher(settings, new RecordingRunner());
    const hash = await hasher.hash('correct horse battery');
    await expect(hasher.verify('correct horse battery', hash)).resolves.toBe(true);
    await expect(hasher.verify('wrong horse battery', hash)).resolves.toBe(false);
    expect(hasher.needsRehash(bcrypt.hashSync('x', 4))).toBe(true);
    expect(hasher.needsRehash(hash)).toBe(false);
  });
});
