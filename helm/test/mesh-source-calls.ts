import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The calls the apps' code makes to other services, read statically from the source: every request of an
 * upstream client (`method: '...'` then `path: ...`, with its `credentials`) and the service token request of
 * libs/config. A `${...}` in a path is one parameter segment; the query string is not part of the path.
 */
export interface SourceCall {
  from: string;
  to: string;
  method: string;
  /** The path with `{}` for each segment the code fills in. */
  path: string;
  where: string;
}

const ROOT = path.resolve(__dirname, '..', '..');
const REQUEST = /method:\s*'([A-Z]+)',\s*path:\s*(`[^`]*`|'[^']*'|[A-Z_]+)/g;
const CREDENTIALS = /credentials:\s*'/g;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !/\.(spec|[a-z]+-spec)\.ts$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));

/** The service a file's upstream client talks to: `factory.client('x-service', ...)` or `@InjectXUpstream()`. */
function targetOf(source: string, where: string): string {
  const targets = new Set([
    ...[...source.matchAll(/factory\.client\('([a-z-]+)'/g)].map((m) => m[1]),
    ...[...source.matchAll(/@Inject([A-Z][a-z]+)Upstream\(\)/g)].map((m) => `${m[1].toLowerCase()}-service`),
  ]);
  if (targets.size !== 1) throw new Error(`${where}: cannot tell which service its requests go to`);
  return [...targets][0];
}

function pathOf(expression: string, source: string, where: string): string {
  const constant = (name: string): string => {
    const found = new RegExp(`const ${name} = '([^']+)'`).exec(source);
    if (!found) throw new Error(`${where}: no string constant ${name}`);
    return found[1];
  };
  let text: string;
  if (/^[A-Z_]+$/.test(expression)) text = constant(expression);
  else if (expression.startsWith("'")) text = expression.slice(1, -1);
  else
    text = expression
      .slice(1, -1)
      .replace(/\$\{([A-Z_]+)\}/g, (_whole, name: string) => constant(name))
      .replace(/\$\{[^}]*\}/g, '{}');
  return text.split('?')[0];
}

/** Every upstream request in apps/<app>/src, with the app as its caller. */
export function appUpstreamCalls(): SourceCall[] {
  const apps = readdirSync(path.join(ROOT, 'apps'));
  return apps.flatMap((app) =>
    sourceFiles(path.join(ROOT, 'apps', app, 'src')).flatMap((file) => {
      const source = readFileSync(file, 'utf8');
      const where = path.relative(ROOT, file);
      const requests = [...source.matchAll(REQUEST)];
      // Every upstream request names its credentials; one the pattern above missed would go unchecked.
      if ((source.match(CREDENTIALS) ?? []).length !== requests.length)
        throw new Error(`${where}: an upstream request is written in a way this scan does not read`);
      if (requests.length === 0) return [];
      const to = targetOf(source, where);
      return requests.map(([, method, expression]) => ({
        from: app,
        to,
        method,
        path: pathOf(expression, source, where),
        where,
      }));
    }),
  );
}

/** The path of the service token request (libs/config builds tokenUrl on USER_SERVICE_URL; a POST). */
export function serviceTokenPath(): string {
  const file = path.join(ROOT, 'libs', 'config', 'src', 'service-config.ts');
  const found = /tokenUrl: `\$\{[^}]+\}(\/[^`]+)`/.exec(readFileSync(file, 'utf8'));
  if (!found) throw new Error('libs/config/src/service-config.ts: no tokenUrl');
  return found[1];
}

/** Whether a path of the table (`{param}` for one segment) covers a path of the code (`{}` for one segment). */
export function covers(tablePath: string, sourcePath: string): boolean {
  const table = tablePath.split('/');
  const source = sourcePath.split('/');
  return (
    table.length === source.length &&
    table.every((segment, index) =>
      /^\{[A-Za-z][A-Za-z0-9]*\}$/.test(segment) ? source[index] !== '' : segment === source[index],
    )
  );
}
