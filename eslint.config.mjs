// ESLint flat config: typescript-eslint everywhere, type-checked rules on src/ and bench/, and a hard boundary that keeps
// VS Code out of every folder that claims to be VS Code-free.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'dist-vsix/**', '.test-runs/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Interface methods are `async` so that a throw becomes a rejection, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // The tokenizer compares char codes (numbers) with the members of a numeric `const enum Ch`: that is the point.
    files: ['src/core/schemas/jsonc.ts'],
    rules: { '@typescript-eslint/no-unsafe-enum-comparison': 'off' },
  },
  {
    // Everything that says it is VS Code-free (plain-Node code, the tests and benchmarks that run it without
    // VS Code). Not bench/host/ or test/integration/, which run inside VS Code.
    files: [
      'src/core/**/*.ts',
      'src/cli/**/*.ts',
      'src/languageServer/**/*.ts',
      'src/platform/settingKeys.ts',
      'src/features/views/model/**/*.ts',
      'src/features/secretFs/secretPath.ts',
      'test/unit/**/*.ts',
      'test/live/**/*.ts',
      'bench/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'This file is VS Code-free (it runs in plain Node): see eslint.config.mjs.' }] },
      ],
    },
  },
);
