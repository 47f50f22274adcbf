import { testKeys } from '../../../test/support/keys';
import { ConfigValidationError, EnvReader } from './env-reader';
import { DEFAULT_MAX_IN_FLIGHT, loadServiceConfig, MAX_IN_FLIGHT_LIMIT } from './service-config';

const identity = { name: 'product-service', defaultDatabase: 'ecommerce_products', title: 'Products' };
const validEnv = { MONGODB_URI: 'mongodb://127.0.0.1:27017', JWT_PUBLIC_KEY: testKeys.publicKey };

describe('service configuration', () => {
  it('reads typed values with defaults', () => {
    const { config } = loadServiceConfig(identity, { ...validEnv, PORT: '3001', LOG_LEVEL: 'debug' });
    expect(config.app).toMatchObject({ port: 3001, logLevel: 'debug', env: 'production', host: '0.0.0.0' });
    expect(config.database).toMatchObject({ dbName: 'ecommerce_products', maxPoolSize: 20 });
    expect(config.rateLimit.redisUrl).toBeUndefined();
    expect(config.serviceClient).toBeUndefined();
  });

  it('fails once, naming every missing or invalid variable, without echoing a secret URI', () => {
    let error: ConfigValidationError | undefined;
    try {
      loadServiceConfig(identity, {
        PORT: 'eighty',
        MONGODB_URI: 'postgres://user:hunter2@db',
        LOG_LEVEL: 'loud',
        RATE_LIMIT_MAX: '0',
      });
    } catch (caught) {
      error = caught as ConfigValidationError;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PORT must be an integer'),
        expect.stringContaining('MONGODB_URI must use mongodb: or mongodb+srv:'),
        expect.stringContaining('LOG_LEVEL must be one of'),
        expect.stringContaining('RATE_LIMIT_MAX must be >= 1'),
        'JWT_PUBLIC_KEY (or JWT_PUBLIC_KEY_FILE) is required',
      ]),
    );
    expect(error!.message).not.toContain('hunter2');
  });

  it('reads PEM keys inline with escaped newlines or from a file', () => {
    const inline = new EnvReader({ KEY: testKeys.publicKey.replace(/\n/g, '\\n') });
    expect(inline.pem('KEY', true)).toBe(testKeys.publicKey.trim());
    const fromFile = new EnvReader({ KEY_FILE: '/no/such/file' });
    fromFile.pem('KEY', true);
    expect(() => fromFile.assertValid()).toThrow('KEY_FILE points to an unreadable file');
    const notPem = new EnvReader({ KEY: 'not a key' });
    notPem.pem('KEY', true);
    expect(() => notPem.assertValid()).toThrow('KEY must be a PEM-encoded key');
  });

  it('reads booleans, optional URLs and service client credentials', () => {
    const env = new EnvReader({ FLAG: 'yes', BAD: 'maybe', URL: 'not a url' });
    expect(env.boolean('FLAG', false)).toBe(true);
    expect(env.boolean('MISSING', true)).toBe(true);
    env.boolean('BAD', false);
    env.optionalUrl('URL', ['http:']);
    expect(() => env.assertValid()).toThrow(/BAD must be true or false[\s\S]*URL is not a valid URL/);
    const { config } = loadServiceConfig(identity, {
      ...validEnv,
      SERVICE_CLIENT_ID: 'cart-service',
      SERVICE_CLIENT_SECRET: 's3cret',
      USER_SERVICE_URL: 'http://user-service:3000/',
    });
    expect(config.serviceClient).toEqual({
      id: 'cart-service',
      secret: 's3cret',
      tokenUrl: 'http://user-service:3000/internal/v1/auth/token',
    });
  });

  it('refuses to start a service that calls others without its client credentials, naming each one', () => {
    const caller = { ...identity, name: 'cart-service', callsOtherServices: true };
    let error: ConfigValidationError | undefined;
    try {
      loadServiceConfig(caller, validEnv);
    } catch (caught) {
      error = caught as ConfigValidationError;
    }
    expect(error?.problems).toEqual(
      expect.arrayContaining([
        'SERVICE_CLIENT_ID is required',
        'SERVICE_CLIENT_SECRET is required',
        'USER_SERVICE_URL is required',
      ]),
    );
    const { config } = loadServiceConfig(caller, {
      ...validEnv,
      SERVICE_CLIENT_ID: 'cart-service',
      SERVICE_CLIENT_SECRET: 's3cret',
      USER_SERVICE_URL: 'http://user-service:3000',
    });
    expect(config.serviceClient?.id).toBe('cart-service');
  });

  it('bounds the requests in progress per process (SERVICE_MAX_IN_FLIGHT): 256 by default, 0 for no limit', () => {
    expect(loadServiceConfig(identity, validEnv).config.app.maxInFlight).toBe(DEFAULT_MAX_IN_FLIGHT);
    expect(DEFAULT_MAX_IN_FLIGHT).toBe(256);
    expect(loadServiceConfig(identity, { ...validEnv, SERVICE_MAX_IN_FLIGHT: '0' }).config.app.maxInFlight).toBe(0);
    expect(loadServiceConfig(identity, { ...validEnv, SERVICE_MAX_IN_FLIGHT: '10000' }).config.app.maxInFlight).toBe(
      MAX_IN_FLIGHT_LIMIT,
    );
    expect(() => loadServiceConfig(identity, { ...validEnv, SERVICE_MAX_IN_FLIGHT: '-1' })).toThrow(
      'SERVICE_MAX_IN_FLIGHT must be >= 0, got -1',
    );
    expect(() => loadServiceConfig(identity, { ...validEnv, SERVICE_MAX_IN_FLIGHT: '10001' })).toThrow(
      'SERVICE_MAX_IN_FLIGHT must be <= 10000, got 10001',
    );
  });

  it('reads the CORS allow-list as exact origins and names every malformed entry', () => {
    expect(loadServiceConfig(identity, validEnv).config.cors.allowedOrigins).toEqual([]);
    const { config } = loadServiceConfig(identity, {
      ...validEnv,
      CORS_ALLOWED_ORIGINS: 'https://shop.example.com, http://localhost:5173',
    });
    expect(config.cors.allowedOrigins).toEqual(['https://shop.example.com', 'http://localhost:5173']);
    for (const bad of ['*', 'shop.example.com', 'https://shop.example.com/', 'ftp://files.example.com']) {
      expect(() => loadServiceConfig(identity, { ...validEnv, CORS_ALLOWED_ORIGINS: bad })).toThrow(
        `CORS_ALLOWED_ORIGINS must list origins like https://shop.example.com, got "${bad}"`,
      );
    }
  });

  it('reports a rule between variables together with the other problems', () => {
    const env = new EnvReader({ PORT: 'x' });
    env.int('PORT');
    env.problem('A and B must be set together');
    env.problem('A and B must be set together');
    let error: ConfigValidationError | undefined;
    try {
      env.assertValid();
    } catch (caught) {
      error = caught as ConfigValidationError;
    }
    // Two rules that find the same problem report it once.
    expect(error?.problems).toEqual(['PORT must be an integer, got "x"', 'A and B must be set together']);
  });

  it('passes service-specific settings through the same reader', () => {
    abstract class LineSettings {
      abstract readonly maxLines: number;
    }
    const definition = {
      token: LineSettings,
      read: (env: EnvReader): LineSettings => ({ maxLines: env.int('MAX_LINES', { max: 100 }) }),
    };
    const { settings } = loadServiceConfig(identity, { ...validEnv, MAX_LINES: '50' }, definition);
    expect(settings).toEqual({ token: LineSettings, value: { maxLines: 50 } });
    expect(() => loadServiceConfig(identity, { ...validEnv, MAX_LINES: '500' }, definition)).toThrow(
      'MAX_LINES must be <= 100',
    );
  });

  it('requires an integer without a default, and refuses a boolean it cannot read, keeping the fallback', () => {
    const env = new EnvReader({ RETRIES: 'three', VERBOSE: 'maybe', QUIET: 'YES', COLOR: 'no' });
    expect(env.int('WORKERS')).toBe(0);
    expect(env.int('RETRIES')).toBe(0);
    expect(env.boolean('VERBOSE', false)).toBe(false);
    expect(env.boolean('QUIET', false)).toBe(true);
    expect(env.boolean('COLOR', true)).toBe(false);
    expect(() => env.assertValid()).toThrow(ConfigValidationError);
    try {
      env.assertValid();
    } catch (error) {
      expect((error as ConfigValidationError).problems).toEqual([
        'WORKERS is required',
        'RETRIES must be an integer, got "three"',
        'VERBOSE must be true or false, got "maybe"',
      ]);
    }
  });
});
