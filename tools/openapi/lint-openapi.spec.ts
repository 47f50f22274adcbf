import { DOCUMENT_FILES } from './service-names';
import { describeDiagnostic, lintOpenApi } from './lint-openapi';

/** The committed contracts pass Spectral with the OWASP API security ruleset without errors (docs/api/README.md). */
describe('OpenAPI documents under Spectral (OAS + OWASP)', () => {
  it.each(DOCUMENT_FILES)('%s has no errors', async (file) => {
    const summary = await lintOpenApi(`docs/api/${file}`);
    expect(summary.errors.map(describeDiagnostic)).toEqual([]);
  });
});

describe('describeDiagnostic', () => {
  const diagnostic = (path: string[]) =>
    ({
      code: 'owasp:api4:2019-string-limit',
      path,
      message: 'Schema of type string should specify maxLength.',
    }) as never;

  it('names the rule, where in the document, and what is wrong', () => {
    expect(describeDiagnostic(diagnostic(['paths', '/api/v1/products', 'get']))).toBe(
      'owasp:api4:2019-string-limit at paths./api/v1/products.get: Schema of type string should specify maxLength.',
    );
  });

  it('says (root) for a problem of the whole document', () => {
    expect(describeDiagnostic(diagnostic([]))).toBe(
      'owasp:api4:2019-string-limit at (root): Schema of type string should specify maxLength.',
    );
  });
});
