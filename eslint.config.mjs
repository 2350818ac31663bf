import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

/** Which projects may use which: apps never import apps, the gateway never reaches the model. */
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:shared', 'scope:worker'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  // Tools (the converter, the benchmarks, the test helpers) may drive the worker's libraries too.
  {
    sourceTag: 'scope:tooling',
    onlyDependOnLibsWithTags: ['scope:tooling', 'scope:shared', 'scope:worker'],
  },
];

/** Packages that only the worker side may load: native inference must never end up in the gateway. */
const workerOnlyPackages = ['onnxruntime-node', 'onnxruntime-common', 'sharp'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules', 'var/**', 'tmp/**', 'coverage/**'],
  },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          banTransitiveDependencies: false,
          // Build configuration, run by Node as it is: the apps' webpack configs load the build plugins.
          allow: [
            '^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$',
            '^(\\.\\./)+tools/webpack/src/[\\w.-]+$',
          ],
          depConstraints,
        },
      ],
    },
  },
  {
    // Tests start real processes, Redis and generated models through the tooling libraries, and
    // may use the inference library as the oracle a service's answers are checked against.
    files: ['**/test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            {
              sourceTag: '*',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:tooling', 'scope:worker'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/gateway/**/*.ts', 'libs/contracts/**/*.ts', 'libs/platform/**/*.ts'],
    ignores: ['apps/gateway/test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: workerOnlyPackages.map((name) => ({
            name,
            message: 'Inference runs in the worker only (libs/inference); the gateway stays light.',
          })),
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cts', '**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
];
