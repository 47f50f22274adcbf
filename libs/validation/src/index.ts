export * from './optional';
export * from './transforms';
