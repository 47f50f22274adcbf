import { readFileSync } from 'node:fs';
import path from 'node:path';
import { APPLICATION_CHARTS, chartDir } from '../tools/charts';
import { staleFiles, valuesSchema } from '../tools/generate';
import { valueLeaves } from '../tools/leaves';
import { parseParams } from '../tools/params';
import { schemaPaths } from '../tools/schema/describe';
import { defaultValues } from './support';

const paramsOf = (chart: string) => parseParams(readFileSync(path.join(chartDir(chart), 'values.yaml'), 'utf8'));

describe.each(APPLICATION_CHARTS)('%s values documentation', (chart) => {
  it('has a ## @param line for every value in values.yaml', () => {
    const documented = new Set(paramsOf(chart).map((param) => param.key));
    const undocumented = valueLeaves(defaultValues(chart), valuesSchema(chart)).filter((key) => !documented.has(key));
    expect(undocumented).toEqual([]);
  });

  it('documents no value that neither values.yaml nor the schema knows', () => {
    const known = new Set([
      ...valueLeaves(defaultValues(chart), valuesSchema(chart)),
      ...schemaPaths(valuesSchema(chart)),
    ]);
    const unknown = paramsOf(chart)
      .map((param) => param.key)
      .filter((key) => !known.has(key));
    expect(unknown).toEqual([]);
  });

  it('gives every schema property a type or a set of alternatives, and a description', () => {
    const untyped = schemaPaths(valuesSchema(chart)).filter((key) => {
      let node: Record<string, unknown> = valuesSchema(chart);
      for (const part of key.split('.')) node = (node.properties as Record<string, Record<string, unknown>>)[part];
      return !(('type' in node || 'oneOf' in node) && typeof node.description === 'string');
    });
    expect(untyped).toEqual([]);
  });
});

describe('generated files', () => {
  it('values.schema.json and the README values tables match values.yaml (run npx tsx helm/tools/generate.ts)', () => {
    expect(staleFiles()).toEqual([]);
  });
});
