import type { CursorRegistry } from '../cursors/cursor-registry';
import type { Database } from '../storage/database';
import type { Store } from '../storage/store';
import type { Doc } from '../values/doc';

/** Everything a command handler may touch. Handlers are synchronous, which makes each command atomic. */
export interface CommandContext {
  store: Store;
  cursors: CursorRegistry;
  /** The database named by the command's `$db`. */
  db: Database;
  body: Doc;
  connectionId: number;
  /** Called after any change to data or indexes, so persistence can schedule a snapshot. */
  markDirty(): void;
}

export type CommandHandler = (context: CommandContext) => Doc;
