import { schemaNodeAt } from './schema/describe';
import type { Schema } from './schema/dsl';
import { isPlainObject, type Values } from './values-file';

/**
 * The values a user sets one by one, i.e. those that need a `## @param` line: scalars, lists, empty maps,
 * and free-form maps (labels, annotations), which the schema declares without fixed properties. Maps with
 * fixed properties (image, resources, config...) are walked into instead.
 */
export function valueLeaves(values: Values, schema: Schema, path: string[] = []): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const childPath = [...path, key];
    const node = schemaNodeAt(schema, childPath);
    const hasFixedProperties = node !== undefined && isPlainObject(node.properties);
    if (isPlainObject(value) && Object.keys(value).length > 0 && hasFixedProperties) {
      return valueLeaves(value, schema, childPath);
    }
    return [childPath.join('.')];
  });
}
