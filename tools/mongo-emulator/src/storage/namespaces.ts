import { commandError } from '../errors/error-codes';

// The naming rules of the real server, so a name that works here also works there.
export function assertValidDatabaseName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.length === 0 || name.length >= 64 || /[/\\. "$\0]/.test(name)) {
    throw commandError('InvalidNamespace', `Invalid database name: '${String(name)}'`);
  }
}

export function assertValidCollectionName(dbName: string, name: unknown): asserts name is string {
  if (
    typeof name !== 'string' ||
    name.length === 0 ||
    name.includes('$') ||
    name.includes('\0') ||
    name.startsWith('.')
  ) {
    throw commandError('InvalidNamespace', `Invalid collection name: ${dbName}.${String(name)}`);
  }
}
