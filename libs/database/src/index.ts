export * from './database.module';
export * from './parse-object-id.pipe';
export * from './api-object-id-param';
export * from './duplicate-key';
