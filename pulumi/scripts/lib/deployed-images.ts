import { spawnSync } from 'node:child_process';

/** True when a `pulumi` CLI is on the PATH (the Automation API drives it). */
export function pulumiCliAvailable(): boolean {
  return spawnSync('pulumi', ['version'], { stdio: 'ignore' }).status === 0;
}

/**
 * The images a stack actually runs, from its `images` output: what its last successful `pulumi up`
 * deployed, which can differ from its stack file if a change was committed but never applied.
 */
export async function deployedImages(stackName: string, workDir: string): Promise<Record<string, unknown>> {
  // Loaded on demand: promoting from a file must not pay for (or depend on) the Automation API.
  const { LocalWorkspace } = await import('@pulumi/pulumi/automation');
  const stack = await LocalWorkspace.selectStack({ stackName, workDir });
  const outputs = await stack.outputs();
  const images = outputs.images?.value;
  if (typeof images !== 'object' || images === null) {
    throw new Error(`Stack ${stackName} has no "images" output: has it been deployed with this program?`);
  }
  return images as Record<string, unknown>;
}
