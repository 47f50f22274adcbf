import { ConfigValidationError, loadServiceConfig, type ServiceIdentity, type SettingsDefinition } from '@app/config';

/** What start-up would report for this environment, through the service's own loader; none: []. */
export function configProblems<Settings extends object>(
  identity: ServiceIdentity,
  env: Record<string, string>,
  definition: SettingsDefinition<Settings>,
): string[] {
  try {
    loadServiceConfig(identity, env, definition);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  return [];
}
