import { readFileSync } from 'node:fs';
import { Document, type ISpectralDiagnostic, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import owasp from '@stoplight/spectral-owasp-ruleset';

export interface LintSummary {
  file: string;
  errors: ISpectralDiagnostic[];
  warnings: ISpectralDiagnostic[];
}

// Spectral's severities: 0 error, 1 warning, 2 information, 3 hint.
const ERROR = 0;
const WARNING = 1;

/** Lints one OpenAPI document with Spectral's OpenAPI ruleset and the OWASP API security ruleset. */
export async function lintOpenApi(file: string): Promise<LintSummary> {
  const spectral = new Spectral();
  spectral.setRuleset({
    extends: [
      [oas, 'recommended'],
      [owasp as never, 'recommended'],
    ],
  } as never);
  const diagnostics = await spectral.run(new Document(readFileSync(file, 'utf8'), Json, file));
  return {
    file,
    errors: diagnostics.filter((diagnostic) => diagnostic.severity === ERROR),
    warnings: diagnostics.filter((diagnostic) => diagnostic.severity === WARNING),
  };
}

export const describeDiagnostic = (diagnostic: ISpectralDiagnostic): string =>
  `${diagnostic.code} at ${diagnostic.path.join('.') || '(root)'}: ${diagnostic.message}`;
