/**
 * Import resolver for eslint-plugin-import (resolver interface version 2), used by eslint.config.js.
 *
 * The sources use NodeNext specifiers: `./parse.js` names the TypeScript file `./parse.ts`. The stock
 * node resolver does not know that, and the TypeScript resolvers for the plugin ship native binaries,
 * so this one does the only mapping the project needs: a relative `.js` specifier -> the `.ts` file
 * beside it. Packages and `node:` builtins resolve to `path: null` (found, but not followed): the
 * layering and cycle rules are about the project's own files. Absolute paths (the cycle rule resolves
 * the linted file itself) are mapped the same way.
 */
'use strict';
const { existsSync } = require('node:fs');
const { dirname, resolve } = require('node:path');

exports.interfaceVersion = 2;

/**
 * @param {string} source the import specifier as written
 * @param {string} file the absolute path of the importing file
 * @returns {{ found: boolean, path?: string | null }}
 */
exports.resolve = function resolveTs(source, file) {
  if (!source.startsWith('.') && !source.startsWith('/')) return { found: true, path: null };
  const base = resolve(dirname(file), source);
  const candidates = source.endsWith('.js') ? [base.slice(0, -3) + '.ts', base] : [base, base + '.ts'];
  const hit = candidates.find((p) => existsSync(p));
  return hit ? { found: true, path: hit } : { found: false };
};
