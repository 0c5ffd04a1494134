// Lint: TypeScript rules plus the layer zones of STYLE.md.
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    plugins: { import: importPlugin },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'max-lines': ['warn', { max: 300, skipBlankLines: true, skipComments: true }],
      // ---------------------------------------------------------------------------------------
      // Architecture rules: DO NOT RELAX. Change them on purpose, never to silence an error.
      // ---------------------------------------------------------------------------------------
      'import/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './renderer', from: ['./electron/main', './electron/preload', './connectors'],
              message: 'Renderer talks to main only through renderer/bridge.ts.' },
            { target: './connectors', from: ['./electron', './renderer'],
              message: 'Connectors receive a ConnectorRuntime; they never reach into the app.' },
            { target: './electron/shared', from: ['./electron/main', './electron/preload', './renderer'] },
            { target: './connectors/contract', from: './connectors', except: ['./contract'] },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      // Anchored patterns: a bare 'electron' would also match the allowed '../electron/shared/…'.
      'no-restricted-imports': ['error', { patterns: [
        { group: ['/electron', '/electron/*', '/better-sqlite3', '/better-sqlite3/*', 'node:*'], message: 'The renderer is browser code.' },
      ] }],
    },
  },
  {
    files: ['connectors/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', 'better-sqlite3'], message: 'Connectors never import Electron or the store.' },
        { group: ['**/electron/**'], message: 'Connectors never reach into the app.' },
      ] }],
    },
  },
  {
    files: ['test/**', 'test/bench/**'],
    rules: { 'max-lines': 'off' },
  },
);
