import { DEFINITION_NAMES } from './service-names';
import { describeDiagnostic, lintOpenApi } from './lint-openapi';

/** The committed contracts pass Spectral with the OWASP API security ruleset without errors (docs/api/README.md). */
describe('OpenAPI documents under Spectral (OAS + OWASP)', () => {
  it.each(DEFINITION_NAMES)('%s has no errors', async (service) => {
    const summary = await lintOpenApi(`docs/api/${service}.openapi.json`);
    expect(summary.errors.map(describeDiagnostic)).toEqual([]);
  });
});
