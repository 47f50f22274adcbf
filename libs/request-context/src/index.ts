export * from './request-context';
export * from './deadline';
export * from './request-budget.decorator';
