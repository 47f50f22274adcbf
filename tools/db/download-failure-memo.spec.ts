import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOWNLOAD_RETRY_AFTER_MS, recentDownloadFailure, rememberDownloadFailure } from './download-failure-memo';

describe('the memo of a failed mongod download', () => {
  const file = () => join(mkdtempSync(join(tmpdir(), 'mms-memo-')), 'nested', 'download-failed.json');
  const failed = new Error('Download failed for url "https://fastdl.mongodb.org/x.tgz", Details:\n  stack...');
  const at = new Date('2026-12-06T10:00:00Z');
  const later = (ms: number) => new Date(at.getTime() + ms);

  it('remembers a failed download for an hour, with its first line as the reason', () => {
    const memo = file();
    expect(rememberDownloadFailure(failed, memo, at)).toBe(true);
    expect(recentDownloadFailure(memo, later(59 * 60 * 1000))).toEqual({
      retryAt: later(DOWNLOAD_RETRY_AFTER_MS),
      reason: 'Download failed for url "https://fastdl.mongodb.org/x.tgz", Details:',
    });
    expect(recentDownloadFailure(memo, later(DOWNLOAD_RETRY_AFTER_MS))).toBeUndefined();
  });

  it('remembers nothing else: a missing binary or a port in use must keep failing loudly', () => {
    const memo = file();
    expect(rememberDownloadFailure(new Error('listen EADDRINUSE 127.0.0.1:27017'), memo, at)).toBe(false);
    expect(rememberDownloadFailure('Download failed but not an Error', memo, at)).toBe(true);
    expect(recentDownloadFailure(memo, at)?.reason).toBe('Download failed but not an Error');
  });

  it('ignores a missing, unreadable or future-dated memo', () => {
    const memo = file();
    expect(recentDownloadFailure(memo, at)).toBeUndefined();
    rememberDownloadFailure(failed, memo, at);
    writeFileSync(memo, '{not json');
    expect(recentDownloadFailure(memo, at)).toBeUndefined();
    rememberDownloadFailure(failed, memo, later(60_000));
    expect(JSON.parse(readFileSync(memo, 'utf8')).at).toBe(later(60_000).toISOString());
    expect(recentDownloadFailure(memo, at)).toBeUndefined();
  });
});
