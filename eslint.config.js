/**
 * ESLint (flat config): the recommended JavaScript, typescript-eslint and React hooks rules, plus
 * the layer boundaries of the architecture, checked on every import:
 * - renderer/core imports nothing outside renderer/core, and no DOM, React, Lexical, Dexie,
 *   Electron or Node module (tsconfig.core.json proves the same for types; this names the import);
 * - a feature (renderer/src/features/X) does not import another feature: what two features share
 *   lives in a shared module (components/, app/, platform/, db/, core/);
 * - only renderer/src/db and renderer/src/sync import Dexie;
 * - the non-UI modules (renderer/src/db, sync, platform, suggest) import no React, Lexical, UI
 *   component (.tsx), feature or editor module.
 * The plugins come from tools/lint (typescript-eslint needs TypeScript < 6.1; the project builds
 * with TypeScript 7, which has no JavaScript API).
 */
import { globals, js, reactHooks, tseslint } from '@claimscope/lint';

/**
 * `^(\.\./){n,}`: a relative import that climbs n or more folders, except to a data file in
 * seeds/ (JSON shipped with the app, such as the news gazetteer: data, not code).
 */
const climbs = (n) => `^(\\.\\./){${n},}(?!\\.\\./|seeds/[^/]+\\.json$)`;

const CORE_FORBIDDEN_PACKAGES = [
  'react',
  'react-dom',
  'react/*',
  'react-dom/*',
  'dexie',
  'dexie-react-hooks',
  'lexical',
  '@lexical/*',
  'electron',
  'node:*',
  'chart.js',
];
const CORE_MESSAGE =
  'renderer/core is the pure domain: it imports only renderer/core and packages without DOM, React, Dexie, Electron or Node.';
const FEATURE_MESSAGE =
  'Features do not import each other: move what both need to a shared module (components/, app/, platform/, db/ or core/).';
const DEXIE = { name: 'dexie', message: 'Only renderer/src/db imports Dexie: read and write through the db/ functions.' };

/** no-restricted-imports for files `depth` folders below renderer/core. */
function coreBoundary(depth) {
  return {
    files: [`renderer/core/${'*/'.repeat(depth)}*.ts`],
    ignores: ['**/*.test.ts', 'renderer/core/**/fixtures/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [DEXIE],
          patterns: [
            { regex: climbs(depth + 1), message: CORE_MESSAGE },
            { group: CORE_FORBIDDEN_PACKAGES, message: CORE_MESSAGE },
          ],
        },
      ],
    },
  };
}

const NON_UI_MESSAGE =
  'renderer/src/db, sync, platform and suggest are not UI: they import no React, Lexical, component (.tsx), feature or editor module.';
const NON_UI_PATTERNS = [
  { group: ['react', 'react-dom', 'react/*', 'react-dom/*', 'dexie-react-hooks', 'lexical', '@lexical/*'], message: NON_UI_MESSAGE },
  { regex: '\\.tsx$|(^|/)(features|components|editor)/', message: NON_UI_MESSAGE },
];

/**
 * no-restricted-imports for a non-UI folder of renderer/src. Sync may import Dexie: the outbox is
 * a Dexie DBCore middleware and the engine listens to Dexie's storage events.
 */
function nonUiBoundary(folder) {
  return {
    files: [`renderer/src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', { paths: ['db', 'sync'].includes(folder) ? [] : [DEXIE], patterns: NON_UI_PATTERNS }],
    },
  };
}

/** no-restricted-imports for files `depth` folders below renderer/src/features/X. */
function featureBoundary(depth) {
  return {
    files: [`renderer/src/features/*/${'*/'.repeat(depth)}*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [DEXIE],
          // One climb more than the depth leaves the feature's folder; a name after it is another feature.
          patterns: [{ regex: `^(\\.\\./){${depth + 1}}[^./]`, message: FEATURE_MESSAGE }],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'out/**',
      'release/**',
      'cli/dist/**',
      'cli/.build-*/**',
      'test-results/**',
      'e2e/.artifacts/**',
      'bench/.tmp/**',
      'bench/runs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      // This rule warns that the React Compiler cannot memoise components using a library such as
      // TanStack Virtual; the project does not build with the React Compiler, so it has nothing to say.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Parsers match control characters on purpose (field separators, characters that break a line).
      'no-control-regex': 'off',
    },
  },
  // Everything outside db/ (the per-folder blocks below repeat the Dexie rule, as a later block's
  // no-restricted-imports replaces an earlier one's).
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    ignores: ['renderer/src/db/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [DEXIE] }] },
  },
  ...[0, 1, 2, 3].map(coreBoundary),
  ...[0, 1, 2].map(featureBoundary),
  ...['db', 'sync', 'platform', 'suggest'].map(nonUiBoundary),
  {
    // Tests may set up databases with Dexie directly.
    files: ['**/*.test.ts', 'e2e/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
