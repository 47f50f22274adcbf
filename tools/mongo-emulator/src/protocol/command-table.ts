import { aggregateCommands } from '../commands/aggregate-command';
import { collectionCommands } from '../commands/collection-commands';
import { countDistinctCommands } from '../commands/count-distinct-commands';
import { cursorCommands } from '../commands/cursor-commands';
import { deleteCommands } from '../commands/delete-command';
import { findAndModifyCommands } from '../commands/find-and-modify-command';
import { handshakeCommands } from '../commands/handshake-commands';
import { indexCommands } from '../commands/index-commands';
import { insertCommands } from '../commands/insert-command';
import { refusedCommands } from '../commands/refused-commands';
import { updateCommands } from '../commands/update-command';
import type { CommandHandler } from './command-context';

export const commandTable: Record<string, CommandHandler> = {
  ...handshakeCommands,
  ...cursorCommands,
  ...insertCommands,
  ...updateCommands,
  ...deleteCommands,
  ...findAndModifyCommands,
  ...aggregateCommands,
  ...countDistinctCommands,
  ...collectionCommands,
  ...indexCommands,
  ...refusedCommands,
};
