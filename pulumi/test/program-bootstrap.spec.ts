import { SERVICE_NAMES } from '../config/services';
import { ofType, type ProgramRun, runProgram } from './helpers/run-program';

// A brand-new stack: the committed file has no images yet because nothing has been pushed to its registry.
let run: ProgramRun;
let warnings: string[];
beforeAll(async () => {
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  run = await runProgram('staging');
  warnings = warn.mock.calls.map((call) => String(call[0]));
  warn.mockRestore();
});

describe('bootstrap (no images yet)', () => {
  it('creates the platform, registry and database but no service release or service Secret', () => {
    const releases = ofType(run, 'kubernetes:helm.sh/v3:Release').map((r) => r.name);
    expect(releases).toContain('database-mongodb');
    expect(releases.filter((name) => name.startsWith('services-'))).toEqual([]);
    expect(ofType(run, 'ecommerce:services:Services')).toEqual([]);
    expect(ofType(run, 'aws:ecr/repository:Repository')).toHaveLength(SERVICE_NAMES.length);
    expect(ofType(run, 'kubernetes:core/v1:Secret').map((s) => s.name)).not.toContainEqual(
      expect.stringMatching(/^services-/),
    );
  });

  it('points no name and builds no CDN: there is no ALB before the services’ Ingresses make one', () => {
    expect(ofType(run, 'ecommerce:cdn:Cdn')).toEqual([]);
    expect(ofType(run, 'aws:cloudfront/distribution:Distribution')).toEqual([]);
    expect(ofType(run, 'aws:route53/record:Record').map((r) => r.inputs.type)).not.toContain('A');
  });

  it('says so in the preview, and reports no deployed images (so promoting from it is refused)', () => {
    expect(warnings).toContainEqual(
      expect.stringContaining('ecommerce:images is empty: the services are not deployed yet'),
    );
    expect(run.outputs.images).toEqual({});
  });
});
