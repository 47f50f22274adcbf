import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { APPLICATION_CHARTS, type ApplicationChart, chartDir, HELM_DIR } from './charts';
import { parseParams } from './params';
import { renderValuesTable, withValuesTable } from './readme-table';
import { describeSchema } from './schema/describe';
import type { Schema } from './schema/dsl';
import { gatewaySchema } from './schema/gateway-schema';
import { meshSchema } from './schema/mesh-schema';
import { mongodbSchema } from './schema/mongodb-schema';
import { serviceSchema } from './schema/service-schema';
import { readValues } from './values-file';

/** A file this tool owns, with what it should contain. JSON files are compared by content, not layout. */
export interface GeneratedFile {
  file: string;
  content: string;
  kind: 'json' | 'text';
}

export function valuesSchema(chart: ApplicationChart): Schema {
  const schema =
    chart === 'mongodb'
      ? mongodbSchema()
      : chart === 'mesh'
        ? meshSchema()
        : chart === 'gateway'
          ? gatewaySchema()
          : serviceSchema(chart);
  const params = parseParams(readFileSync(path.join(chartDir(chart), 'values.yaml'), 'utf8'));
  return describeSchema(schema, params);
}

export function generatedFiles(): GeneratedFile[] {
  return APPLICATION_CHARTS.flatMap((chart): GeneratedFile[] => {
    const dir = chartDir(chart);
    const valuesFile = path.join(dir, 'values.yaml');
    const readmeFile = path.join(dir, 'README.md');
    const table = renderValuesTable(parseParams(readFileSync(valuesFile, 'utf8')), readValues(valuesFile));
    return [
      {
        file: path.join(dir, 'values.schema.json'),
        content: `${JSON.stringify(valuesSchema(chart), null, 2)}\n`,
        kind: 'json',
      },
      { file: readmeFile, content: withValuesTable(readFileSync(readmeFile, 'utf8'), table, readmeFile), kind: 'text' },
    ];
  });
}

/** The generated files whose committed content differs from what the generator produces. */
export function staleFiles(files: GeneratedFile[] = generatedFiles()): string[] {
  return files
    .filter(({ file, content, kind }) => {
      let committed: string;
      try {
        committed = readFileSync(file, 'utf8');
      } catch {
        return true;
      }
      return kind === 'json' ? !isDeepStrictEqual(JSON.parse(committed), JSON.parse(content)) : committed !== content;
    })
    .map(({ file }) => path.relative(HELM_DIR, file));
}

/** Writes JSON the way the repository's Prettier settings would, so a regenerated schema is already formatted. */
async function formatted({ file, content, kind }: GeneratedFile): Promise<string> {
  if (kind !== 'json') return content;
  const prettier = await import('prettier');
  return prettier.format(content, { ...(await prettier.resolveConfig(file)), filepath: file });
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--check')) {
    const stale = staleFiles();
    if (stale.length === 0) return 0;
    process.stderr.write(`Out of date, run npx tsx helm/tools/generate.ts:\n  ${stale.join('\n  ')}\n`);
    return 1;
  }
  const files = generatedFiles();
  const stale = new Set(staleFiles(files));
  for (const generated of files) {
    if (stale.has(path.relative(HELM_DIR, generated.file))) writeFileSync(generated.file, await formatted(generated));
  }
  process.stdout.write(`${stale.size} of ${files.length} generated files updated\n`);
  return 0;
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
