export * from './shutdown-state';
export * from './graceful-shutdown';
export * from './health.module';
export * from './readiness-checks';
