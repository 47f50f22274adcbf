import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, type KubeObject } from './objects';

/**
 * Strict validation of rendered objects against the Kubernetes 1.33 API and the CRDs the charts use.
 * The schemas are generated from the Go API types by schemagen/ (see its header) and committed, so the
 * check runs offline; every object is closed, so an unknown or misplaced field is refused as kubectl's
 * strict field validation would. Argo Rollouts' kinds (Rollout, AnalysisTemplate) come from the release the
 * stacks pin (schemagen/argo-rollouts); the Kubernetes types inside them are the 1.33 ones. Gateway API, Envoy
 * Gateway and Istio kinds come from the CRDs of the releases the stacks install (crd-schemas/, see its header:
 * closed the same way, CEL rules not checked).
 */
export const SCHEMA_FILES = [
  path.join(__dirname, 'schemas', 'kubernetes-1.33.json'),
  path.join(__dirname, 'schemas', 'argo-rollouts-v1.9.1.json'),
  path.join(__dirname, 'schemas', 'gateway-api-v1.6.1.json'),
  path.join(__dirname, 'schemas', 'envoy-gateway-v1.9.1.json'),
  path.join(__dirname, 'schemas', 'istio-api-v1.32.0.json'),
];

interface SchemaBundle {
  kinds: Record<string, object>;
  definitions: Record<string, object>;
}

let loaded: { ajv: Ajv; roots: Map<string, string>; compiled: Map<string, ValidateFunction> } | undefined;

/** The validator of one kind, compiled on first use (compiling every CRD kind up front takes seconds). */
function validatorOf(key: string): ValidateFunction | undefined {
  if (!loaded) {
    const bundles = SCHEMA_FILES.map((file) => JSON.parse(readFileSync(file, 'utf8')) as SchemaBundle);
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addSchema({ $id: 'k8s', definitions: Object.assign({}, ...bundles.map((bundle) => bundle.definitions)) });
    const roots = new Map(
      bundles
        .flatMap((bundle) => Object.entries(bundle.kinds))
        .map(([kind, root]) => [kind, (root as { $ref: string }).$ref.replace('#', 'k8s#')]),
    );
    loaded = { ajv, roots, compiled: new Map() };
  }
  const ref = loaded.roots.get(key);
  if (!ref) return undefined;
  if (!loaded.compiled.has(key)) loaded.compiled.set(key, loaded.ajv.compile({ $ref: ref }));
  return loaded.compiled.get(key);
}

/** Problems of one object, as `Kind/name: /path message` lines; empty when it is valid. */
export function schemaProblems(object: KubeObject): string[] {
  const validate = validatorOf(`${object.apiVersion}/${object.kind}`);
  if (!validate) {
    return [
      `${describe(object)}: no schema for ${object.apiVersion} ${object.kind} in Kubernetes 1.33 or the pinned CRDs`,
    ];
  }
  if (validate(object)) return [];
  // Ajv sets errors (each with a message) whenever validation fails.
  return validate.errors!.map((error) => {
    const extra =
      error.keyword === 'additionalProperties'
        ? ` "${(error.params as { additionalProperty: string }).additionalProperty}"`
        : '';
    return `${describe(object)}: ${error.instancePath || '/'} ${error.message}${extra}`;
  });
}
