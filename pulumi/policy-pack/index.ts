/**
 * Policy pack entry for `pulumi preview --policy-pack pulumi/policy-pack`: the same rules the tests run
 * over the mocked program, enforced on the real plan.
 *
 * `@pulumi/policy` (1.21.0) is not a dependency of the repository yet, so it is loaded at run time
 * against the small slice of its API declared below; once it is added, replace this with an import.
 */
import { POLICY_RULES, type PolicyResource } from '../policies';

interface StackValidationArgs {
  resources: (PolicyResource & { urn: string })[];
  getConfig<T extends object>(): T;
}
type ReportViolation = (message: string, urn?: string) => void;
interface PolicyPackArgs {
  enforcementLevel: 'mandatory' | 'advisory';
  policies: {
    name: string;
    description: string;
    configSchema?: { properties: Record<string, { type: string; default?: unknown }> };
    validateStack: (args: StackValidationArgs, report: ReportViolation) => void;
  }[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- see the header: not installed yet.
const { PolicyPack } = require('@pulumi/policy') as { PolicyPack: new (name: string, args: PolicyPackArgs) => unknown };

/** `urn:pulumi:<stack>::<project>::...` */
const stackOf = (urn: string) => urn.split(':')[2] ?? '';

new PolicyPack('ecommerce', {
  enforcementLevel: 'mandatory',
  policies: POLICY_RULES.map((rule) => ({
    name: rule.name,
    description: rule.description,
    configSchema: { properties: { allowApiFromAnywhere: { type: 'boolean', default: false } } },
    validateStack: (args, report) => {
      const { allowApiFromAnywhere = false } = args.getConfig<{ allowApiFromAnywhere?: boolean }>();
      const stack = stackOf(args.resources[0]?.urn ?? '');
      for (const violation of rule.check(args.resources, { stack, allowApiFromAnywhere })) {
        const urn = args.resources.find((r) => r.name === violation.resource)?.urn;
        report(violation.message, urn);
      }
    },
  })),
});
