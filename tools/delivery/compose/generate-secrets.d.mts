export interface SecretFile {
  content: string;
  mode: number;
}

export const SERVICE_UID: number;
export function composeSecrets(random?: (bytes: number) => string): Record<string, SecretFile>;
export function writeComposeSecrets(dir: string, owner?: number): boolean;
