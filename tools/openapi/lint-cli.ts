import { DOCUMENT_FILES } from './service-names';
import { describeDiagnostic, lintOpenApi } from './lint-openapi';

/** `npm run openapi:lint`: prints every error and warning per document; exits non-zero on errors. */
async function main(): Promise<void> {
  let errors = 0;
  for (const file of DOCUMENT_FILES) {
    const summary = await lintOpenApi(`docs/api/${file}`);
    errors += summary.errors.length;
    console.log(`${file}: ${summary.errors.length} errors, ${summary.warnings.length} warnings`);
    for (const diagnostic of [...summary.errors, ...summary.warnings])
      console.log(`  ${diagnostic.severity === 0 ? 'error' : 'warn '} ${describeDiagnostic(diagnostic)}`);
  }
  if (errors > 0) process.exit(1);
}

void main();
