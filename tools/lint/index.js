/**
 * The lint plugins. typescript-eslint needs the TypeScript compiler API (TypeScript < 6.1); the
 * project builds with TypeScript 7, which has none. TypeScript 6 is installed here, and every
 * `require('typescript')` made while linting (typescript-eslint's, and that of ts-api-utils, which
 * npm hoists to the root) is pointed at it before the plugins load.
 */
import Module, { createRequire } from 'node:module';

const typescript6 = createRequire(import.meta.url).resolve('typescript');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === 'typescript' ? typescript6 : resolve.call(this, request, ...rest);
};

const [{ default: js }, { default: reactHooks }, { default: globals }, { default: tseslint }] = await Promise.all([
  import('@eslint/js'),
  import('eslint-plugin-react-hooks'),
  import('globals'),
  import('typescript-eslint'),
]);

export { globals, js, reactHooks, tseslint };
