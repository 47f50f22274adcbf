/**
 * Exponential backoff with full jitter (a random delay between 0 and the exponential cap), which spreads
 * retries from many callers instead of synchronising them into waves.
 */
export function backoffDelayMs(
  attempt: number,
  baseMs = 50,
  capMs = 1_000,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
