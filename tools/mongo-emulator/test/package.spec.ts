import { readFileSync } from 'node:fs';
import { join } from 'node:path';

type Manifest = { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };

const read = (path: string): Manifest => JSON.parse(readFileSync(path, 'utf8')) as Manifest;
const emulator = read(join(__dirname, '..', 'package.json'));
const root = read(join(__dirname, '..', '..', '..', 'package.json'));
const rootVersions = { ...root.devDependencies, ...root.dependencies };

// The root `npm install` is the only set-up: it installs what this package declares, and Node resolves the
// emulator's imports from the root's node_modules. A dependency the root lacks, or pins to another version,
// would make the emulator run on something its own manifest does not say.
describe('mongo-emulator package manifest', () => {
  it.each(Object.entries({ ...emulator.dependencies, ...emulator.devDependencies }))(
    'declares %s at the version the root installs',
    (name, version) => {
      expect(rootVersions[name]).toBe(version);
    },
  );

  it('needs only bson and mingo at run time', () => {
    expect(Object.keys(emulator.dependencies ?? {}).sort()).toEqual(['bson', 'mingo']);
  });
});
