import type { ValueParam } from '../params';
import { isPlainObject } from '../values-file';
import type { Schema } from './dsl';

/**
 * Gives every property of a values schema its description: the `## @param` text of values.yaml when there
 * is one (the single place a value is documented), else the builder's own. Throws on a property left
 * without either, so "every value typed and described" holds by construction.
 */
export function describeSchema(schema: Schema, params: ValueParam[]): Schema {
  const byKey = new Map(params.map((param) => [param.key, param.description]));
  const undescribed: string[] = [];
  const visit = (node: Schema, path: string[]): void => {
    const properties = node.properties;
    if (!isPlainObject(properties)) return;
    for (const [key, child] of Object.entries(properties)) {
      if (!isPlainObject(child)) continue;
      const childPath = [...path, key];
      const documented = byKey.get(childPath.join('.'));
      if (documented) child.description = documented;
      if (typeof child.description !== 'string') undescribed.push(childPath.join('.'));
      visit(child, childPath);
    }
  };
  const described = structuredClone(schema);
  visit(described, []);
  if (undescribed.length > 0) {
    throw new Error(`values without a description (add a ## @param line): ${undescribed.join(', ')}`);
  }
  return described;
}

/** Every property path the schema declares, e.g. "pdb.minAvailable". */
export function schemaPaths(schema: Schema, path: string[] = []): string[] {
  const properties = schema.properties;
  if (!isPlainObject(properties)) return [];
  return Object.entries(properties).flatMap(([key, child]) =>
    isPlainObject(child) ? [[...path, key].join('.'), ...schemaPaths(child, [...path, key])] : [],
  );
}

/** The schema node of a property path, if the schema declares it. */
export function schemaNodeAt(schema: Schema, path: string[]): Schema | undefined {
  let node: unknown = schema;
  for (const key of path) {
    if (!isPlainObject(node) || !isPlainObject(node.properties)) return undefined;
    node = node.properties[key];
  }
  return isPlainObject(node) ? node : undefined;
}
