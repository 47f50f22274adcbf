export * from './roles';
export * from './decorators';
export * from './auth-errors';
export * from './access-token-verifier';
export * from './request-authenticator';
export * from './auth.guard';
export * from './auth.module';
export * from './jwk-thumbprint';
