export * from './cache-store';
export * from './memory-cache-store';
export * from './redis-cache-store';
export * from './read-through-cache';
export * from './create-cache-store';
export * from './cached-json';
