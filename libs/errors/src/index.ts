export * from './problem';
export * from './domain-error';
export * from './to-problem';
export * from './send-problem';
export * from './problem.filter';
export * from './validation';
export * from './operator-injection';
export * from './problem-openapi';
