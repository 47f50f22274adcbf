import * as pulumi from '@pulumi/pulumi';
import type { ImageRef } from '../../config/images';
import type { ServiceName } from '../../config/services';
import { recordingMocks, type RecordedResource } from './mocks';
import { programConfig, type ConfigEdit, type StackName } from './stack-config';

// Internal to the SDK but stable: resolves once every pending registration has been answered, and the
// monitor mocks run behind (the only place a registration's dependencies are visible).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs, getMonitor } = require('@pulumi/pulumi/runtime/settings') as {
  waitForRPCs: () => Promise<void>;
  getMonitor: () => MockMonitor;
};

interface RegisterRequest {
  getName(): string;
  getDependenciesList(): string[];
}
interface MockMonitor {
  registerResource(req: RegisterRequest, callback: unknown): Promise<void>;
}

/** Records each registration's dependencies (URNs end in `::<name>`) onto the recorded resource. */
function recordDependencies(resources: RecordedResource[]): void {
  const monitor = getMonitor();
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = async (req, callback) => {
    const dependencies = req.getDependenciesList().map((urn) => urn.split('::').pop() as string);
    await register(req, callback);
    const resource = resources.findLast((r) => r.name === req.getName());
    if (resource) resource.dependencies = dependencies;
  };
}

export interface ProgramRun {
  resources: RecordedResource[];
  outputs: Record<string, unknown>;
}

/**
 * Runs pulumi/index.ts once, under mocks, with a stack's committed config. Call it once per test file:
 * the program registers its resources when first imported.
 */
export async function runProgram(
  stack: StackName,
  images?: Record<ServiceName, ImageRef>,
  edit?: ConfigEdit,
): Promise<ProgramRun> {
  const resources: RecordedResource[] = [];
  const { config, secretKeys } = programConfig(stack, images, edit);
  pulumi.runtime.setAllConfig(config, secretKeys);
  await pulumi.runtime.setMocks(recordingMocks(resources), 'ecommerce', stack, false);
  recordDependencies(resources);
  // The SDK records a stack trace on each of its promises (for leak reports only), and under Jest every trace is
  // source-mapped: a third of a run's CPU. Nothing reads them under mocks; errors keep their messages.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require('../../index') as Record<string, unknown>;
    await waitForRPCs();
    return { resources, outputs: program };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

export const ofType = (run: ProgramRun, type: string) => run.resources.filter((r) => r.type === type);

export function single(run: ProgramRun, type: string, name: string): RecordedResource {
  const found = run.resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0];
}

/** Resolves a stack output (an Output or a plain value) for assertions. */
export function outputValue<T>(value: unknown): Promise<T> {
  return new Promise((resolve) => pulumi.output(value as pulumi.Input<T>).apply((v) => resolve(v as T)));
}
