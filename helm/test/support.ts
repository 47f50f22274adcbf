import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  type ApplicationChart,
  chartDir,
  HELM_DIR,
  requiredValuesFile,
  stackOverridesFile,
  stackValuesFile,
} from '../tools/charts';
import { mergeValues, readValues, type Values } from '../tools/values-file';

export const readYaml = (file: string): unknown => parse(readFileSync(file, 'utf8'));

export const helmFile = (...parts: string[]): string => path.join(HELM_DIR, ...parts);

export const defaultValues = (chart: string): Values => readValues(path.join(chartDir(chart), 'values.yaml'));

/** The defaults plus what every install of the chart must give (see requiredValuesFile). */
export function installableValues(chart: ApplicationChart): Values {
  const required = requiredValuesFile(chart);
  return required ? mergeValues(defaultValues(chart), readValues(required)) : defaultValues(chart);
}

/** What Helm validates for a stack: defaults, then values-<stack>.yaml, then (optionally) Pulumi's additions. */
export function stackValues(chart: ApplicationChart, stack: string, withPulumiOverrides: boolean): Values {
  const layers = [readValues(stackValuesFile(chart, stack))];
  if (withPulumiOverrides) layers.push(readValues(stackOverridesFile(chart)));
  return mergeValues(installableValues(chart), ...layers);
}
