import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Lint for this package (ESLint finds this file from every file below it); formatting is Prettier's.
export default tseslint.config(
  { ignores: ['**/generated/**', '**/dist/**', '**/node_modules/**', '**/.data/**', '**/test-artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser }, parserOptions: { tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Solid assigns `ref={el}` variables itself.
      'no-unassigned-vars': 'off',
    },
  },
);
