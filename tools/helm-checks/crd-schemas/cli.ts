/**
 * Writes the committed schema bundles of the CRD kinds the charts render (see convert.ts for the rules),
 * from the CRDs of the exact releases the stacks install, read from the Go module cache:
 *
 *   (cd tools/helm-checks/schemagen && go mod download github.com/envoyproxy/gateway@v1.9.1 istio.io/api@v1.32.0)
 *   npx tsx tools/helm-checks/crd-schemas/cli.ts
 *
 * Envoy Gateway's CRD chart carries both its own CRDs and the Gateway API standard channel it supports
 * (v1.6.1); Istio's CRDs come from istio.io/api.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { bundleOf, crdsOf } from './convert';

const modules = process.env.GOMODCACHE ?? path.join(process.env.GOPATH ?? path.join(homedir(), 'go'), 'pkg', 'mod');
const envoyGatewayCrds = path.join(modules, 'github.com/envoyproxy/gateway@v1.9.1/charts/gateway-crds-helm/templates');
const istioCrds = path.join(modules, 'istio.io/api@v1.32.0/kubernetes/customresourcedefinitions.gen.yaml');
const schemas = path.join(__dirname, '..', 'schemas');

const bundles: Array<{ file: string; source: string; yamlFiles: string[] }> = [
  {
    file: 'gateway-api-v1.6.1.json',
    source: 'Gateway API v1.6.1 standard channel (github.com/envoyproxy/gateway@v1.9.1 gateway-crds-helm)',
    yamlFiles: [path.join(envoyGatewayCrds, 'standard-gatewayapi-crds.yaml')],
  },
  {
    file: 'envoy-gateway-v1.9.1.json',
    source: 'github.com/envoyproxy/gateway@v1.9.1 gateway-crds-helm (gateway.envoyproxy.io)',
    yamlFiles: readdirSync(path.join(envoyGatewayCrds, 'generated'))
      .sort()
      .map((file) => path.join(envoyGatewayCrds, 'generated', file)),
  },
  { file: 'istio-api-v1.32.0.json', source: 'istio.io/api@v1.32.0', yamlFiles: [istioCrds] },
];

async function main(): Promise<void> {
  for (const { file, source, yamlFiles } of bundles) {
    const crds = yamlFiles.flatMap((yamlFile) => crdsOf(readFileSync(yamlFile, 'utf8')));
    const bundle = bundleOf(source, crds);
    // Written as `npm run lint` (prettier --check) wants it, so a regeneration shows only real changes.
    const target = path.join(schemas, file);
    const options = { ...(await resolveConfig(target)), filepath: target };
    writeFileSync(target, await format(JSON.stringify(bundle), options));
    console.log(`${file}: ${Object.keys(bundle.kinds).length} kinds`);
  }
}

void main();
