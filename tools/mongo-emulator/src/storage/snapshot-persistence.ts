import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { restoreSnapshot, serializeSnapshot } from './snapshot-format';
import type { Store } from './store';

/** Writes are batched: a snapshot is saved this long after the last change (and always on stop). */
const SAVE_DELAY_MS = 500;

/** Keeps a snapshot file in step with the store so data survives restarts of `npm run dev`. */
export class SnapshotPersistence {
  private timer?: NodeJS.Timeout;
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly store: Store,
  ) {}

  async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    try {
      restoreSnapshot(this.store, text);
    } catch (error) {
      throw new Error(`mongo-emulator: cannot load snapshot ${this.path}: ${(error as Error).message}`);
    }
  }

  scheduleSave(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, SAVE_DELAY_MS);
    this.timer.unref();
  }

  /** Saves now, changed or not, so a stopped emulator always leaves a current snapshot behind. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty = true;
    await this.save();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Serializes now (a consistent view, since commands are synchronous) and replaces the file atomically. */
  private save(): Promise<void> {
    if (!this.dirty) return this.saving;
    this.dirty = false;
    const text = serializeSnapshot(this.store);
    this.saving = this.saving
      .then(() => this.write(text))
      .catch((error: unknown) => {
        console.warn(`mongo-emulator: could not save snapshot ${this.path}: ${(error as Error).message}`);
      });
    return this.saving;
  }

  private async write(text: string): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    await writeFile(temporary, text);
    await rename(temporary, this.path);
  }
}
