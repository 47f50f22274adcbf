/** The parts of an npm v2/v3 lockfile (`package-lock.json`) the image build reads. */
export interface LockEntry {
  version?: string;
  dev?: boolean;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

export interface Lockfile {
  lockfileVersion: number;
  /** Keyed by install path: `node_modules/a`, `node_modules/a/node_modules/b`; `""` is the project itself. */
  packages: Record<string, LockEntry>;
}

/** The root package.json fields the image build reads. */
export interface RootManifest {
  name: string;
  version: string;
  license?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, unknown>;
}

/**
 * Where Node would find `name` when required from the package installed at `fromPath`: its own nested
 * node_modules first, then each parent's, up to the top-level node_modules.
 */
export function resolveInstallPath(lock: Lockfile, fromPath: string, name: string): string | undefined {
  let base = fromPath;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent < 0 ? '' : base.slice(0, parent);
  }
}

/** Every installed package reachable from the top-level packages `roots`, by install path. */
export function installedClosure(lock: Lockfile, roots: string[]): Map<string, LockEntry> {
  const reached = new Map<string, LockEntry>();
  const pending = roots.map((name) => resolveInstallPath(lock, '', name));
  while (pending.length > 0) {
    const path = pending.pop();
    if (path === undefined || reached.has(path)) continue;
    const entry = lock.packages[path];
    reached.set(path, entry);
    const names = Object.keys({ ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies });
    for (const name of names) pending.push(resolveInstallPath(lock, path, name));
  }
  return reached;
}
