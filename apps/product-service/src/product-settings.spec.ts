import { type ConfigValidationError, EnvReader } from '@app/config';
import { readProductSettings } from './product-settings';

const read = (env: NodeJS.ProcessEnv) => {
  const reader = new EnvReader(env);
  const settings = readProductSettings(reader);
  reader.assertValid();
  return settings;
};

describe('readProductSettings', () => {
  it('has production defaults', () => {
    expect(read({})).toEqual({
      catalogCacheTtlSeconds: 10,
      catalogCacheMaxEntries: 5000,
      catalogHttpMaxAgeSeconds: 30,
      catalogHttpStaleWhileRevalidateSeconds: 60,
      reservationTtlSeconds: 1200,
      reservationSweepIntervalMs: 5000,
    });
  });

  it('names every invalid variable', () => {
    let problems = '';
    try {
      read({
        RESERVATION_TTL_SECONDS: '0',
        CATALOG_CACHE_TTL_SECONDS: 'ten',
        CATALOG_HTTP_MAX_AGE_SECONDS: '301',
        CATALOG_HTTP_STALE_WHILE_REVALIDATE_SECONDS: '-1',
      });
    } catch (error) {
      problems = (error as ConfigValidationError).problems.join('\n');
    }
    expect(problems).toContain('RESERVATION_TTL_SECONDS must be >= 1');
    expect(problems).toContain('CATALOG_CACHE_TTL_SECONDS must be an integer');
    expect(problems).toContain('CATALOG_HTTP_MAX_AGE_SECONDS must be <= 300');
    expect(problems).toContain('CATALOG_HTTP_STALE_WHILE_REVALIDATE_SECONDS must be >= 0');
  });
});
