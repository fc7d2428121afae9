// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information, so a run
// stays quick), tuned to the codebase's style. Formatting is Prettier's job (`npm run lint` runs both).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'build/', 'node_modules/', 'bench/results/', 'sample/.data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // Unused parameters keep a method's signature readable; a leading underscore marks them.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Entity classes and TypeORM targets are typed `Function` in TypeORM's own API.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // Nest modules and DTOs are classes with decorators and no members.
      '@typescript-eslint/no-extraneous-class': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // The sample and the benchmarks print to the terminal by design; tests assert with non-null shortcuts.
    files: ['sample/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
