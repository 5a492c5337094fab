/**
 * ESLint flat config: typescript-eslint's recommended rules, no import cycles, and the layering of
 * ARCHITECTURE.md (a module imports only from its own layer or the layers below it).
 *
 * The layers are globs that must be disjoint; test/lint/layers.test.ts checks that every file under src/
 * falls in exactly one of them, and that an upward import and a cycle are reported.
 */
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

const root = dirname(fileURLToPath(import.meta.url));

/**
 * The layers, lowest first. A file may import from its own layer and any layer below; never above.
 * `!(a|b)` excludes the named files of a folder that belong to another layer.
 */
export const layers = [
  {
    name: 'types and errors',
    files: ['src/types.ts', 'src/errors.ts', 'src/pmid.ts', 'src/**/types.ts'],
  },
  {
    name: 'pure core',
    files: [
      'src/pubmed/!(client|client-answer|harvest|rate-limit|read-file|types).ts',
      'src/search/!(persist*|synonyms-file|follow|lifecycle|index|types).ts',
      'src/evidence/!(override-file|types).ts',
      'src/digest/!(write|types).ts',
      'src/export/!(types).ts',
      'src/@(completeness|zone|cron-rule).ts',
    ],
  },
  {
    name: 'I/O edges',
    files: [
      'src/store/!(types).ts',
      'src/pubmed/@(client|client-answer|harvest|rate-limit|read-file).ts',
      'src/search/@(persist*|synonyms-file|follow|lifecycle).ts',
      'src/evidence/override-file.ts',
      'src/digest/write.ts',
      'src/delivery/!(types).ts',
      'src/loopback/!(types).ts',
      'src/fs/!(types).ts',
      'src/@(config|config-schema|log|paths|signals|crash|import-parse-worker).ts',
      // The search barrel re-exports the index persistence, so it sits with it.
      'src/search/index.ts',
    ],
  },
  {
    name: 'library face',
    files: [
      'src/library/!(types).ts',
      'src/index.ts',
    ],
  },
  {
    name: 'faces',
    files: [
      'src/cli/**/!(types).ts',
      'src/scheduler/**/!(types).ts',
      'src/web/**/!(types).ts',
      'src/mcp/**/!(types).ts',
    ],
  },
  {
    name: 'bin',
    files: ['jobs/**/*.ts'],
  },
];

/** A path pattern as a glob: an exact path `dir/name` becomes `dir/@(name)`, which matches only itself. */
function asGlob(pattern) {
  if (/[*?()[\]{}]/.test(pattern)) return pattern;
  const cut = pattern.lastIndexOf('/');
  return `${pattern.slice(0, cut)}/@(${pattern.slice(cut + 1)})`;
}

/** One no-restricted-paths zone per layer: its files may not import any file of a higher layer. */
function layerZones() {
  const zones = layers.slice(0, -1).map((layer, i) => ({
    target: layer.files,
    // The rule wants all `from` entries to be globs or none; `@(name)` makes an exact path a glob.
    from: layers.slice(i + 1).flatMap((l) => l.files.map(asGlob)),
    except: [],
    message: `Layer ${i} (${layer.name}) imports only from its own layer or below: see ARCHITECTURE.md.`,
  }));
  zones.push({ target: 'src/**', from: 'test/**', except: [], message: 'Nothing in src/ imports test/.' });
  return zones;
}

/** Node modules and packages that do I/O: the pure core may not import them (it takes data, returns data). */
const ioModules = ['node:fs', 'node:fs/promises', 'node:http', 'node:https', 'node:net', 'node:child_process',
  'node:worker_threads', 'better-sqlite3', 'axios', 'node-cron', 'nodemailer', 'pino'];

/** The whole config (a function so the tests can build it). */
export function buildConfig() {
  return tseslint.config(
    // data/ is the shipped sample corpus and the script that generated it, not product code; the lint
    // fixtures break the rules on purpose (test/lint lints them itself).
    { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', 'test/lint/fixtures/**'] },
    ...tseslint.configs.recommended,
    // eslint-plugin-import loads resolvers with require(), so the resolver is CommonJS.
    { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
    {
      rules: {
        // A leading underscore marks a value left out on purpose (destructuring it away, a slot).
        '@typescript-eslint/no-unused-vars': ['error', {
          argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true,
        }],
      },
    },
    {
      files: ['**/*.ts'],
      plugins: { import: importPlugin },
      settings: {
        'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
        'import/resolver': { [resolve(root, 'eslint.resolver.cjs')]: {} },
        'import/extensions': ['.ts'],
      },
      rules: {
        'import/no-cycle': ['error', { ignoreExternal: true }],
        'import/no-restricted-paths': ['error', { basePath: root, zones: layerZones() }],
      },
    },
    {
      files: layers[1].files,
      rules: { 'no-restricted-imports': ['error', { paths: ioModules.map((name) => ({ name, message: 'The pure core does no I/O: see ARCHITECTURE.md.' })) }] },
    },
  );
}

export default buildConfig();
