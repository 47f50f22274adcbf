import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveDatabase } from '../db/resolve-database';
import { ensureDevSecrets } from './dev-keys';
import { writeEnvFile } from './local-env';
import { DATA_DIR, DEV_DIR, LOCAL_ENV_FILE, provision } from './provision';
import { seed } from './seed';

// provision only orders its collaborators; each is tested on its own (resolve-database and seed against a
// real database), so here they are stand-ins and nothing is written to the checkout's .dev/ or .data/.
jest.mock('node:fs', () => ({ ...jest.requireActual('node:fs'), mkdirSync: jest.fn() }));
jest.mock('../db/resolve-database', () => ({ resolveDatabase: jest.fn() }));
jest.mock('./dev-keys', () => ({ ensureDevSecrets: jest.fn() }));
jest.mock('./local-env', () => ({ ...jest.requireActual('./local-env'), writeEnvFile: jest.fn() }));
jest.mock('./seed', () => ({ seed: jest.fn() }));

const database = { kind: 'emulator', uri: 'mongodb://127.0.0.1:27027', description: 'emulator', stop: jest.fn() };
const secrets = { privateKeyFile: '/k/private.pem', publicKeyFile: '/k/public.pem', serviceClients: [] };

describe('provision', () => {
  let printed: string[];

  beforeEach(() => {
    jest
      .mocked(resolveDatabase)
      .mockReset()
      .mockResolvedValue(database as never);
    jest.mocked(ensureDevSecrets).mockReset().mockReturnValue(secrets);
    jest.mocked(seed).mockReset();
    printed = [];
    jest.spyOn(console, 'log').mockImplementation((line: string) => void printed.push(line));
  });
  afterEach(() => jest.restoreAllMocks());

  it('keeps local state in .dev/ and .data/ of the working directory', () => {
    expect(DEV_DIR).toBe(resolve('.dev'));
    expect(DATA_DIR).toBe(resolve('.data'));
    expect(LOCAL_ENV_FILE).toBe(resolve('.dev', 'local.env'));
  });

  it('uses MongoDB on port 27027 kept in .data/, writes .dev/local.env, and prints a new admin password', async () => {
    jest
      .mocked(seed)
      .mockResolvedValue({ adminEmail: 'admin@shop.local', adminPassword: 'pw-1', productsInserted: 12 });
    const result = await provision({});

    expect(mkdirSync).toHaveBeenCalledWith(DATA_DIR, { recursive: true });
    expect(resolveDatabase).toHaveBeenCalledWith(expect.objectContaining({ env: {}, port: 27027, dataDir: DATA_DIR }));
    expect(ensureDevSecrets).toHaveBeenCalledWith(DEV_DIR);
    expect(writeEnvFile).toHaveBeenCalledWith(
      LOCAL_ENV_FILE,
      expect.objectContaining({ MONGODB_URI: database.uri, JWT_PUBLIC_KEY_FILE: '/k/public.pem' }),
    );
    expect(seed).toHaveBeenCalledWith(database.uri, {});
    expect(result).toEqual({ database, secrets, sharedEnv: expect.objectContaining({ MONGODB_URI: database.uri }) });
    expect(printed).toEqual([
      '[seed] catalog: 12 new products (idempotent)',
      '[seed] admin account: admin@shop.local / pw-1',
    ]);
  });

  it('takes the port from DEV_MONGO_PORT, prefixes database lines, and says an existing admin keeps their password', async () => {
    jest.mocked(seed).mockResolvedValue({ adminEmail: 'ops@example.com', productsInserted: 0 });
    const env = { DEV_MONGO_PORT: '28000' };
    jest.mocked(resolveDatabase).mockImplementation(async (options) => {
      options?.log?.('MongoDB: real server');
      return database as never;
    });
    await provision(env);

    expect(resolveDatabase).toHaveBeenCalledWith(expect.objectContaining({ env, port: 28000 }));
    expect(printed).toEqual([
      '[db] MongoDB: real server',
      '[seed] catalog: 0 new products (idempotent)',
      '[seed] admin account: ops@example.com (exists; password unchanged, set ADMIN_PASSWORD to reset it)',
    ]);
  });

  it('reads the process environment by default', async () => {
    jest.mocked(seed).mockResolvedValue({ adminEmail: 'admin@shop.local', productsInserted: 0 });
    await provision();
    expect(seed).toHaveBeenCalledWith(database.uri, process.env);
  });
});
