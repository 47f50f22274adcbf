import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Remembers that mongodb-memory-server could not download mongod, so the next resolutions within the hour go
 * straight to the emulator instead of paying the failed download again (about 8 s on an offline machine, once
 * per Jest project and per `npm run dev`). Only a failed download is remembered: a broken binary or a port in
 * use fails fast anyway and must keep saying so. Deleting the file retries at once.
 */
export const DOWNLOAD_FAILURE_FILE = path.resolve(
  __dirname,
  '../../node_modules/.cache/mongodb-memory-server/download-failed.json',
);
export const DOWNLOAD_RETRY_AFTER_MS = 60 * 60 * 1000;

interface Memo {
  at: string;
  reason: string;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Writes the memo when the error is a failed download; returns whether it did. */
export function rememberDownloadFailure(error: unknown, file = DOWNLOAD_FAILURE_FILE, now = new Date()): boolean {
  const message = messageOf(error);
  if (!message.startsWith('Download failed')) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  const reason = message.split('\n')[0].slice(0, 200);
  writeFileSync(file, JSON.stringify({ at: now.toISOString(), reason } satisfies Memo));
  return true;
}

/** The remembered failure while it is younger than the retry delay; undefined otherwise (or unreadable). */
export function recentDownloadFailure(
  file = DOWNLOAD_FAILURE_FILE,
  now = new Date(),
  retryAfterMs = DOWNLOAD_RETRY_AFTER_MS,
): { retryAt: Date; reason: string } | undefined {
  let memo: Memo;
  try {
    memo = JSON.parse(readFileSync(file, 'utf8')) as Memo;
  } catch {
    return undefined;
  }
  const at = Date.parse(memo.at);
  if (Number.isNaN(at) || now.getTime() - at >= retryAfterMs || at > now.getTime()) return undefined;
  return { retryAt: new Date(at + retryAfterMs), reason: String(memo.reason) };
}
