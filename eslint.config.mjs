// ESLint flat config: recommended JS and TypeScript rules (no type-aware rules, so lint stays fast),
// plus the project's one hard import rule. Formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly', __filename: 'readonly',
  process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
  setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'cdktf.out/', '.gen/', '.offline/', 'bench/.work/', 'coverage/', 'api/', 'examples/*/node_modules/', 'examples/*/cdktf.out/', 'examples/*/.gen/', 'examples/*/generate/.gen/', 'examples/*/generate/node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: nodeGlobals },
    rules: {
      // The root of a provider package loads all of its ~1,500 classes (8x slower synth, ~1 GB): deep paths only.
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^@cdktf/provider-(azurerm|azuread)$',
          message: "Import provider classes by deep path, e.g. '@cdktf/provider-azurerm/lib/role-assignment'.",
        }],
      }],
      // Synthesized Terraform JSON and parsed configuration are untyped by nature; zod and the tests check their shape.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
