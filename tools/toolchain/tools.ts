/**
 * The real tools the tests and `npm run dev` use that npm cannot provide, each pinned to one exact version.
 * They are Go programs built from source through the Go module proxy into the git-ignored `.tools/` folder
 * (one folder per tool and version, so changing a pin never reuses a stale binary).
 */
export interface PinnedTool {
  /** Go package of the command, installed with `go install <goPackage>@<version>`. */
  goPackage: string;
  version: string;
  /** Name of the executable `go install` produces. */
  binary: string;
  /** Build flags some modules need (e.g. build tags); none by default. */
  goFlags?: string[];
  /**
   * The module holding goPackage, when the command must be built inside it (downloaded with `go mod download`)
   * instead of with `go install pkg@version`, which refuses modules whose go.mod has replace directives: built
   * as the main module, its replacements apply as upstream meant.
   */
  buildInModule?: string;
}

export const PINNED_TOOLS: Record<
  'helm' | 'actionlint' | 'ferretdb' | 'stripe-mock' | 'jaeger' | 'promtool',
  PinnedTool
> = {
  helm: { goPackage: 'helm.sh/helm/v4/cmd/helm', version: 'v4.3.2', binary: 'helm' },
  actionlint: { goPackage: 'github.com/rhysd/actionlint/cmd/actionlint', version: 'v1.7.12', binary: 'actionlint' },
  ferretdb: { goPackage: 'github.com/FerretDB/FerretDB/cmd/ferretdb', version: 'v1.24.2', binary: 'ferretdb' },
  /** Prometheus's rule checker and rule unit-test runner: every alert and dashboard query is parsed and evaluated. */
  promtool: { goPackage: 'github.com/prometheus/prometheus/cmd/promtool', version: 'v0.316.0', binary: 'promtool' },
  /** Stripe's own API double: the Stripe adapter is tested against it, never against Stripe. */
  'stripe-mock': { goPackage: 'github.com/stripe/stripe-mock', version: 'v0.203.0', binary: 'stripe-mock' },
  /** The local trace backend (Jaeger v2, an OpenTelemetry Collector distribution): OTLP in, UI and query API out. */
  jaeger: {
    goPackage: 'github.com/jaegertracing/jaeger/cmd/jaeger',
    version: 'v1.75.0',
    binary: 'jaeger',
    buildInModule: 'github.com/jaegertracing/jaeger',
  },
};

export type ToolName = keyof typeof PINNED_TOOLS;
