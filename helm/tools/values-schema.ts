import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chartDir } from './charts';

const compiled = new Map<string, ValidateFunction>();

/**
 * A chart's committed values.schema.json, compiled the strict way every check here uses (unknown keywords are
 * errors), once per process: compiling a chart's schema costs far more than validating values against it.
 */
export function chartValuesSchema(chart: string): ValidateFunction {
  let validate = compiled.get(chart);
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    validate = ajv.compile(JSON.parse(readFileSync(path.join(chartDir(chart), 'values.schema.json'), 'utf8')));
    compiled.set(chart, validate);
  }
  return validate;
}

/** Ajv's errors as short `path message` lines, for readable failures; empty when the values are valid. */
export function schemaErrorLines(validate: ValidateFunction, values: unknown): string[] {
  if (validate(values)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`.trim());
}

/** What a chart's schema finds in these values; empty when Helm would accept them. */
export const valuesSchemaErrors = (chart: string, values: unknown): string[] =>
  schemaErrorLines(chartValuesSchema(chart), values);
