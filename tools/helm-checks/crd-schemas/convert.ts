/**
 * Turns CustomResourceDefinitions into the schema bundles the chart checks validate rendered objects against
 * (kube-schema.ts: `{ kinds: { "<apiVersion>/<Kind>": { $ref } }, definitions }`), for kinds whose Go types
 * schemagen/ cannot reflect cheaply (Gateway API, Envoy Gateway, Istio): the CRD's own openAPIV3Schema of
 * every served version is the contract the API server enforces, so it is the source.
 *
 * What the API server does and this keeps, so a check here refuses what `kubectl apply` would:
 * - every object schema with `properties` and without `x-kubernetes-preserve-unknown-fields` is closed
 *   (additionalProperties: false), as strict field validation refuses unknown fields;
 * - types, enums, required lists, patterns, lengths, bounds, item and property counts, oneOf/anyOf/allOf/not,
 *   maps (additionalProperties with a schema) and nullable;
 * - `x-kubernetes-int-or-string` becomes `type: [integer, string]`;
 * - the root gets apiVersion, kind and metadata (the API server adds them to every CRD), metadata being the
 *   ObjectMeta of the Kubernetes bundle, so a misplaced metadata field is refused too.
 * What it drops, and why:
 * - `x-kubernetes-validations` (CEL rules: a JSON Schema validator cannot run them; those rules are checked
 *   only by a real API server);
 * - `format` (int32, int64, date-time, byte...: Ajv in strict mode refuses formats it does not know, and the
 *   types already say integer or string); descriptions, defaults and the other x-kubernetes-* markers (list
 *   and map types describe merging, not validity).
 * Output is deterministic: keys sorted, versions in the CRD's order, identical schemas of two versions of a
 * kind stored once.
 */
import { parseAllDocuments } from 'yaml';

// The CRD's schemas are arbitrary JSON; the converter walks them node by node.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
type Node = any;

export interface SchemaBundle {
  source: string;
  kinds: Record<string, { $ref: string }>;
  definitions: Record<string, object>;
}

/** The definition (in the Kubernetes bundle) every object's metadata is checked against. */
export const OBJECT_META_REF = '#/definitions/k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** JSON Schema keywords the converter keeps as they are (the keyword's value holds no nested schema). */
const KEPT_AS_IS = [
  'type',
  'enum',
  'required',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'nullable',
];
const SCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf'];

/** One OpenAPI v3 node of a CRD as a strict JSON Schema node (see the header for what is kept). */
export function convertNode(node: Node): Node {
  const out: Node = {};
  for (const keyword of KEPT_AS_IS) if (node[keyword] !== undefined) out[keyword] = node[keyword];
  for (const keyword of SCHEMA_LISTS) if (node[keyword]) out[keyword] = node[keyword].map(convertNode);
  if (node.not) out.not = convertNode(node.not);
  if (node.items) out.items = convertNode(node.items);
  if (node.properties) {
    out.properties = Object.fromEntries(
      Object.keys(node.properties)
        .sort()
        .map((name) => [name, convertNode(node.properties[name])]),
    );
  }
  const open = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (typeof node.additionalProperties === 'object') out.additionalProperties = convertNode(node.additionalProperties);
  else if (node.additionalProperties !== undefined) out.additionalProperties = node.additionalProperties;
  else if (node.properties && !open) out.additionalProperties = false;
  if (out.required && !out.properties) {
    // A oneOf branch such as `{required: [provider]}` names fields its parent defines; Ajv's strictRequired
    // wants them defined where they are required, and an empty schema adds no constraint.
    out.properties = Object.fromEntries(out.required.map((name: string) => [name, {}]));
  }
  if (node['x-kubernetes-int-or-string']) {
    // The CRD spells it `anyOf: [{type: integer}, {type: string}]`; one union type says the same.
    out.type = ['integer', 'string'];
    delete out.anyOf;
  }
  return sortKeys(out);
}

/** The root of a kind: its own schema plus the fields every Kubernetes object has. */
export function convertRoot(openAPIV3Schema: Node): Node {
  const root = convertNode(openAPIV3Schema);
  root.type = 'object';
  root.properties = sortKeys({
    ...root.properties,
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: OBJECT_META_REF },
  });
  root.additionalProperties = false;
  return sortKeys(root);
}

/** The CRDs of a YAML stream (other documents, such as admission policies, are skipped). */
export function crdsOf(text: string): Node[] {
  // Helm template lines (`{{- if ... }}`) wrap the CRDs of a chart's templates; they are not YAML.
  const yaml = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('{{'))
    .join('\n');
  return parseAllDocuments(yaml)
    .map((document) => document.toJSON())
    .filter((document: Node) => document?.kind === 'CustomResourceDefinition');
}

/** A bundle of every served version of every given CRD. */
export function bundleOf(source: string, crds: Node[]): SchemaBundle {
  const kinds: SchemaBundle['kinds'] = {};
  const definitions: SchemaBundle['definitions'] = {};
  for (const crd of crds) {
    const { group, names } = crd.spec;
    const stored = new Map<string, string>();
    for (const version of crd.spec.versions) {
      if (!version.served) continue;
      const schema = convertRoot(version.schema.openAPIV3Schema);
      const text = JSON.stringify(schema);
      let name = stored.get(text);
      if (!name) {
        name = `${group}.${version.name}.${names.kind}`;
        stored.set(text, name);
        definitions[name] = schema;
      }
      kinds[`${group}/${version.name}/${names.kind}`] = { $ref: `#/definitions/${name}` };
    }
  }
  return { source, kinds: sortKeys(kinds), definitions: sortKeys(definitions) };
}

function sortKeys<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) as T;
}
