import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A renderer-free reading of Go templates, enough to check what `helm template` would otherwise be the first
 * to notice: unbalanced blocks, includes of helpers that do not exist, values that are not declared, and
 * which kinds a template renders. It does not evaluate anything.
 */

/** One `{{ ... }}` action (comments excluded), without its delimiters and trim markers. */
export interface Action {
  body: string;
  start: number;
  end: number;
  line: number;
}

/** A template file of a chart: its path relative to the chart, and its text. */
export interface TemplateFile {
  file: string;
  source: string;
}

const lineAt = (source: string, index: number): number => source.slice(0, index).split('\n').length;

export function actionsOf(source: string): Action[] {
  const actions: Action[] = [];
  let cursor = 0;
  for (;;) {
    const start = source.indexOf('{{', cursor);
    if (start < 0) return actions;
    const end = source.indexOf('}}', start + 2);
    if (end < 0) throw new Error(`line ${lineAt(source, start)}: "{{" is never closed`);
    const body = source
      .slice(start + 2, end)
      .replace(/^-\s/, '')
      .replace(/\s-$/, '')
      .trim();
    if (!body.startsWith('/*')) actions.push({ body, start, end: end + 2, line: lineAt(source, start) });
    cursor = end + 2;
  }
}

const keywordOf = (action: Action): string => /^[a-z]+/.exec(action.body)?.[0] ?? '';
const OPENERS = new Set(['if', 'range', 'with', 'define', 'block']);

/** Problems with block structure: every if/range/with/define/block closed by one end, else only inside them. */
export function blockProblems(source: string): string[] {
  const problems: string[] = [];
  const open: Action[] = [];
  for (const action of actionsOf(source)) {
    const keyword = keywordOf(action);
    if (OPENERS.has(keyword)) {
      if (keyword === 'define' && open.length > 0) problems.push(`line ${action.line}: define inside a block`);
      open.push(action);
    } else if (keyword === 'else') {
      const top = open.at(-1);
      if (!top || !['if', 'with', 'range'].includes(keywordOf(top))) problems.push(`line ${action.line}: stray else`);
    } else if (keyword === 'end') {
      if (!open.pop()) problems.push(`line ${action.line}: end without an opening block`);
    }
  }
  for (const action of open) problems.push(`line ${action.line}: "${keywordOf(action)}" is never closed`);
  return problems;
}

/** Problems inside single actions: unbalanced parentheses or unterminated strings, include without context. */
export function actionProblems(source: string): string[] {
  return actionsOf(source).flatMap((action) => {
    const problems: string[] = [];
    let depth = 0;
    let quote: string | null = null;
    for (let i = 0; i < action.body.length; i += 1) {
      const char = action.body[i];
      if (quote) {
        if (char === '\\' && quote === '"') i += 1;
        else if (char === quote) quote = null;
      } else if (char === '"' || char === '`') quote = char;
      else if (char === '(') depth += 1;
      else if (char === ')') depth -= 1;
      if (depth < 0) break;
    }
    if (quote) problems.push(`line ${action.line}: unterminated string in {{ ${action.body} }}`);
    if (depth !== 0) problems.push(`line ${action.line}: unbalanced parentheses in {{ ${action.body} }}`);
    if (/\binclude\s+"[^"]+"\s*($|\)|\|)/.test(action.body)) {
      problems.push(`line ${action.line}: include without a context in {{ ${action.body} }}`);
    }
    return problems;
  });
}

/** The helpers a source defines, with their bodies. */
export function definesOf(source: string): Map<string, string> {
  const defines = new Map<string, string>();
  const actions = actionsOf(source);
  actions.forEach((action, index) => {
    const name = /^define\s+"([^"]+)"/.exec(action.body)?.[1];
    if (!name) return;
    let depth = 0;
    for (const later of actions.slice(index + 1)) {
      const keyword = keywordOf(later);
      if (OPENERS.has(keyword)) depth += 1;
      else if (keyword === 'end' && depth-- === 0) {
        defines.set(name, source.slice(action.end, later.start));
        return;
      }
    }
  });
  return defines;
}

/** Helper names a text includes (include or template). */
export const includesOf = (source: string): string[] =>
  actionsOf(source).flatMap((action) =>
    [...action.body.matchAll(/\b(?:include|template)\s+"([^"]+)"/g)].map((m) => m[1]),
  );

/** Dotted value paths read directly (.Values.a.b, $.Values.a.b, .context.Values.a.b). */
export const valueReadsOf = (source: string): string[] =>
  actionsOf(source).flatMap((action) =>
    [...action.body.matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1].slice(1)),
  );

/** Kinds a text renders: `kind:` lines at column 0, outside actions. */
export const kindsOf = (source: string): string[] =>
  [...source.matchAll(/^kind:\s*([A-Za-z]+)\s*$/gm)].map((m) => m[1]);

/** Every file under a chart's templates/ folder. */
export function templateFiles(chartDirectory: string): TemplateFile[] {
  const root = path.join(chartDirectory, 'templates');
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
  return walk(root)
    .sort()
    .map((file) => ({ file: path.relative(chartDirectory, file), source: readFileSync(file, 'utf8') }));
}

/** A text and every helper it reaches through includes, transitively (unknown names are skipped). */
export function reachableSources(source: string, helpers: Map<string, string>): string[] {
  const seen = new Set<string>();
  const pending = includesOf(source);
  const sources = [source];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const body = helpers.get(name);
    if (seen.has(name) || body === undefined) continue;
    seen.add(name);
    sources.push(body);
    pending.push(...includesOf(body));
  }
  return sources;
}
