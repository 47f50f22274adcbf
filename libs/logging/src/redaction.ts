/** Field names whose values never reach a log line, at any of the first four nesting levels. */
export const SECRET_FIELDS: readonly string[] = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'clientSecret',
  'client_secret',
  'secret',
  'privateKey',
  'authorization',
  'cookie',
  'uri',
];

export const REDACT_PATHS: string[] = SECRET_FIELDS.flatMap((field) => [
  field,
  `*.${field}`,
  `*.*.${field}`,
  `*.*.*.${field}`,
]);

export const REDACTED = '[REDACTED]';
