export * from './database.module';
export * from './parse-object-id.pipe';
