// Flat ESLint config. Besides the usual TypeScript rules it states the layer rule of the monorepo:
// apps never import each other, libs never import apps, and nothing deployed imports the dev tools.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const services = ['product-service', 'user-service', 'cart-service', 'order-service'];

const appBoundary = (service) => ({
  // Deployed code only: e2e tests may start the real upstream services in-process.
  files: [`apps/${service}/src/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: services
              .filter((other) => other !== service)
              .flatMap((other) => [`**/apps/${other}/**`, `**/${other}/src/**`]),
            message: 'Apps never import each other: move shared code to libs/ or call the other service over HTTP.',
          },
          { group: ['**/tools/**'], message: 'Deployed code never imports the dev tools.' },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'coverage/**', 'node_modules/**', '**/*.js', '**/*.cjs', '**/*.mjs', 'bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Decorator metadata reads constructor parameter types at run time: imports used there must stay values.
    languageOptions: {
      parserOptions: { projectService: false, emitDecoratorMetadata: true, experimentalDecorators: true },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'error',
    },
  },
  ...services.map(appBoundary),
  {
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/**', ...services.map((s) => `**/${s}/**`)], message: 'Libraries never import apps.' },
            { group: ['**/tools/**'], message: 'Deployed code never imports the dev tools.' },
          ],
        },
      ],
    },
  },
  {
    files: ['tools/**/*.ts', 'test/**/*.ts', '**/test/**/*.ts', '**/*.spec.ts', 'pulumi/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
