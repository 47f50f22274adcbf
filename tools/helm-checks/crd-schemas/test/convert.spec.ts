import { schemaProblems } from '../../kube-schema';
import { bundleOf, convertNode, convertRoot, crdsOf, OBJECT_META_REF } from '../convert';

const crdYaml = (versions: string) => `{{- if .Values.crds.enabled }}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: not-a-crd
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.io
spec:
  group: example.io
  names:
    kind: Widget
  versions:
${versions}
{{- end }}
`;
const version = (name: string, served: boolean, sizeType = 'integer') => `  - name: ${name}
    served: ${served}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size:
                type: ${sizeType}
`;

describe('convertNode', () => {
  it('closes an object with properties, recursively, and keeps what validates', () => {
    const node = convertNode({
      type: 'object',
      description: 'dropped',
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[a-z]+$', maxLength: 10, default: 'x' },
        mode: { type: 'string', enum: ['A', 'B'] },
        items: { type: 'array', maxItems: 3, items: { type: 'object', properties: { port: { type: 'integer' } } } },
      },
    });
    expect(node).toEqual({
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        items: {
          type: 'array',
          maxItems: 3,
          items: { type: 'object', additionalProperties: false, properties: { port: { type: 'integer' } } },
        },
        mode: { type: 'string', enum: ['A', 'B'] },
        name: { type: 'string', pattern: '^[a-z]+$', maxLength: 10 },
      },
    });
  });

  it('keeps an object with x-kubernetes-preserve-unknown-fields open, and a map as a map', () => {
    expect(
      convertNode({
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        properties: { a: { type: 'string' } },
      }),
    ).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
    expect(convertNode({ type: 'object', additionalProperties: { type: 'string' } })).toEqual({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
  });

  it('turns int-or-string into a union type and drops CEL rules and formats', () => {
    expect(
      convertNode({
        'x-kubernetes-int-or-string': true,
        anyOf: [{ type: 'integer' }, { type: 'string' }],
        pattern: '^[0-9]+%?$',
        'x-kubernetes-validations': [{ rule: 'self > 0' }],
      }),
    ).toEqual({ type: ['integer', 'string'], pattern: '^[0-9]+%?$' });
    expect(convertNode({ type: 'integer', format: 'int32', minimum: 1 })).toEqual({ type: 'integer', minimum: 1 });
  });

  it('defines the fields a oneOf branch requires, so strict Ajv accepts the branch', () => {
    expect(convertNode({ oneOf: [{ not: { anyOf: [{ required: ['a'] }] } }, { required: ['a'] }] })).toEqual({
      oneOf: [
        { not: { anyOf: [{ required: ['a'], properties: { a: {} } }] } },
        { required: ['a'], properties: { a: {} } },
      ],
    });
  });
});

describe('convertRoot', () => {
  it('adds apiVersion, kind and the Kubernetes ObjectMeta to the root, closed', () => {
    const root = convertRoot({ properties: { spec: { type: 'object' } } });
    expect(root).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: { $ref: OBJECT_META_REF },
        spec: { type: 'object' },
      },
    });
  });
});

describe('crdsOf and bundleOf', () => {
  it('reads the CRDs of a chart template, skipping template lines and other kinds', () => {
    const crds = crdsOf(crdYaml(version('v1', true)));
    expect(crds.map((crd) => crd.metadata.name)).toEqual(['widgets.example.io']);
  });

  it('bundles every served version, storing identical schemas once', () => {
    const crds = crdsOf(crdYaml(version('v1', true) + version('v1beta1', true) + version('v1alpha1', false)));
    const bundle = bundleOf('test', crds);
    expect(bundle.kinds).toEqual({
      'example.io/v1/Widget': { $ref: '#/definitions/example.io.v1.Widget' },
      'example.io/v1beta1/Widget': { $ref: '#/definitions/example.io.v1.Widget' },
    });
    expect(Object.keys(bundle.definitions)).toEqual(['example.io.v1.Widget']);
  });

  it('keeps versions whose schemas differ apart', () => {
    const crds = crdsOf(crdYaml(version('v1', true) + version('v1beta1', true, 'string')));
    expect(Object.keys(bundleOf('test', crds).definitions)).toEqual([
      'example.io.v1.Widget',
      'example.io.v1beta1.Widget',
    ]);
  });
});

describe('the committed bundles (through schemaProblems)', () => {
  const httpRoute = () => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'product-service-public', namespace: 'ecommerce' },
    spec: {
      parentRefs: [{ name: 'edge-gateway' }],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/api/v1/products' }, method: 'GET' }],
          backendRefs: [{ name: 'product-service', port: 3000 }],
        },
      ],
    } as Record<string, unknown>,
  });

  it('accepts a valid HTTPRoute', () => {
    expect(schemaProblems(httpRoute())).toEqual([]);
  });

  it('refuses an unknown field of an HTTPRoute with its path', () => {
    const route = httpRoute();
    (route.spec.rules as Array<Record<string, unknown>>)[0].timeout = '5s';
    expect(schemaProblems(route)).toEqual([
      'HTTPRoute/product-service-public: /spec/rules/0 must NOT have additional properties "timeout"',
    ]);
  });

  it('refuses a value outside an enum and a misplaced metadata field', () => {
    const route = httpRoute();
    (route.spec.rules as Array<{ matches: Array<{ path: { type: string } }> }>)[0].matches[0].path.type = 'Glob';
    (route.metadata as Record<string, unknown>).label = 'x';
    expect(schemaProblems(route)).toEqual(
      expect.arrayContaining([
        'HTTPRoute/product-service-public: /metadata must NOT have additional properties "label"',
        'HTTPRoute/product-service-public: /spec/rules/0/matches/0/path/type must be equal to one of the allowed values',
      ]),
    );
  });

  it('knows the Envoy Gateway and Istio kinds', () => {
    const policy = {
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'BackendTrafficPolicy',
      metadata: { name: 'edge-gateway' },
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge-gateway' }], bogus: 1 },
    };
    expect(schemaProblems(policy)).toEqual([
      'BackendTrafficPolicy/edge-gateway: /spec must NOT have additional properties "bogus"',
    ]);
    const peerAuthentication = {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default' },
      spec: { mtls: { mode: 'STRICT' } },
    };
    expect(schemaProblems(peerAuthentication)).toEqual([]);
  });
});
