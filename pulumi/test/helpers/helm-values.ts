import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { REPO_ROOT } from './stack-config';

type Values = Record<string, unknown>;
const isMap = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Helm's coalescing: maps merge key by key, anything else replaces, null removes the key. */
export function mergeValues(...layers: Values[]): Values {
  return layers.reduce<Values>((merged, layer) => {
    const out: Values = { ...merged };
    for (const [key, value] of Object.entries(layer)) {
      if (value === null) delete out[key];
      else out[key] = isMap(value) && isMap(out[key]) ? mergeValues(out[key] as Values, value) : value;
    }
    return out;
  }, {});
}

export const chartFile = (chart: string, file: string) => path.join(REPO_ROOT, 'helm', chart, file);
export const readChartValues = (chart: string, file: string) =>
  (YAML.parse(readFileSync(chartFile(chart, file), 'utf8')) ?? {}) as Values;

/** What Helm validates for a release: chart defaults, then the stack's values file, then the program's values. */
export function effectiveValues(chart: string, stack: string, programValues: Values): Values {
  return mergeValues(
    readChartValues(chart, 'values.yaml'),
    readChartValues(chart, `values-${stack}.yaml`),
    programValues,
  );
}

/** Problems the chart's values.schema.json finds, as `path message` lines (empty when valid). */
export function schemaProblems(chart: string, values: Values): string[] {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  const validate = ajv.compile(JSON.parse(readFileSync(chartFile(chart, 'values.schema.json'), 'utf8')) as object);
  if (validate(values)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}
