import * as path from 'node:path';
import { mergeValues, readValues, type Values } from '../../../helm/tools/values-file';
import { REPO_ROOT } from './stack-config';

export const chartFile = (chart: string, file: string) => path.join(REPO_ROOT, 'helm', chart, file);
export const readChartValues = (chart: string, file: string): Values => readValues(chartFile(chart, file));

/** What Helm validates for a release: chart defaults, then the stack's values file, then the program's values. */
export function effectiveValues(chart: string, stack: string, programValues: Values): Values {
  return mergeValues(
    readChartValues(chart, 'values.yaml'),
    readChartValues(chart, `values-${stack}.yaml`),
    programValues,
  );
}
