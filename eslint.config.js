// Lint rules that encode docs/ARCHITECTURE.md's arrows: a wrong import fails the lint,
// not a review. Each layer lists what it must not reach.
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const projectRoot = dirname(fileURLToPath(import.meta.url));

const drivers = ['better-sqlite3', 'pg', 'kysely', 'fastify', '@aws-sdk/*', 'commander'];

/**
 * Forbid imports of these src/ folders. Imports are relative, so the patterns climb out of
 * up to three levels below src/ (`../server/x`, `../../server/x`…); a `./commands/server/x`
 * import inside src/cli stays allowed.
 */
function forbidFolders(folders) {
  return folders.flatMap((f) => ['../', '../../', '../../../'].map((up) => `${up}${f}/**`));
}

function restricted(folders, extra = []) {
  return {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: forbidFolders(folders), message: 'This import crosses an arrow of docs/ARCHITECTURE.md.' },
          ...extra,
        ],
      },
    ],
  };
}

/**
 * web/ may import its own files, npm packages for the browser, and of the rest of the project
 * only the SDK's browser-safe entry (src/client/browser.ts): never the server, the store, the
 * CLI, or the SDK's Node half. Relative imports are resolved against the importing file, so the
 * rule holds at any folder depth.
 */
const SDK_BROWSER_ENTRY = resolve(projectRoot, 'src/client/browser');
const webImports = {
  meta: { type: 'problem', schema: [], messages: { outside: "web/ imports only its own files and src/client/browser.ts, not '{{source}}'." } },
  create(context) {
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = resolve(dirname(context.filename), source).replace(/\.(js|ts|tsx)$/, '');
      const insideWeb = !relative(resolve(projectRoot, 'web'), target).startsWith('..');
      if (!insideWeb && target !== SDK_BROWSER_ENTRY) context.report({ node, messageId: 'outside', data: { source } });
    };
    return { ImportDeclaration: check, ExportAllDeclaration: check, ExportNamedDeclaration: check, ImportExpression: check };
  },
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'web/dist/**', 'strata-data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The plain-JS entry points and build scripts run on Node: its globals are defined there.
    files: ['bin/**/*.js', 'scripts/**/*.mjs', '*.js', 'web/vite.config.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Tests beside core sources may use node:test; the sources themselves may not use node:*.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: restricted(['server', 'store', 'artifacts', 'client', 'cli', 'data', 'serving'], [
      { group: ['node:*', ...drivers], message: 'core is the domain: no I/O, no drivers, no node:*.' },
    ]),
  },
  {
    files: ['src/core/**/*.test.ts'],
    rules: restricted(['server', 'store', 'artifacts', 'client', 'cli', 'data', 'serving']),
  },
  {
    files: ['src/api/**/*.ts'],
    rules: restricted(['server', 'store', 'artifacts', 'client', 'cli', 'data', 'core', 'services', 'ports', 'search'], [
      { group: ['node:*', ...drivers], message: 'api is the wire contract: pure data.' },
    ]),
  },
  {
    files: ['src/store/**/*.ts', 'src/artifacts/**/*.ts'],
    rules: restricted(['server', 'client', 'cli', 'data']),
  },
  {
    files: ['src/client/**/*.ts'],
    rules: restricted(['server', 'store', 'artifacts', 'cli', 'data', 'core'], [
      { group: ['better-sqlite3', 'pg', 'kysely', 'fastify'], message: 'the SDK talks HTTP only.' },
    ]),
  },
  {
    // The core SDK is bundled for the browser; Node-only helpers (file transfers) live in src/client/node.
    files: ['src/client/*.ts'],
    ignores: ['src/client/*.test.ts'],
    rules: restricted(['server', 'store', 'artifacts', 'cli', 'data', 'core'], [
      { group: ['better-sqlite3', 'pg', 'kysely', 'fastify'], message: 'the SDK talks HTTP only.' },
      { group: ['node:*'], message: 'the core SDK runs in browsers: Node-only code goes in src/client/node.' },
    ]),
  },
  {
    // The SDK's Node half may use the Node-only data engine (run.logDataset hashes like `strata data add`)
    // and the artifact store's hashed file writer (downloads verify as uploads do).
    files: ['src/client/node/**/*.ts'],
    rules: restricted(['server', 'store', 'cli', 'core'], [
      { group: ['better-sqlite3', 'pg', 'kysely', 'fastify'], message: 'the SDK talks HTTP only.' },
    ]),
  },
  {
    // Data remotes reuse the artifact store's S3 code; nothing else. strata:// remotes go through
    // the StrataRemoteApi port (src/data/strata-remote-api.ts) that the SDK implements: the SDK's
    // Node half imports the engine (run.logDataset), so the engine importing the SDK is a cycle.
    files: ['src/data/**/*.ts'],
    rules: restricted(['server', 'store', 'cli', 'core', 'client']),
  },
  {
    files: ['src/server/**/*.ts'],
    rules: restricted(['client', 'cli', 'serving'], [{ group: ['commander'], message: 'the server is not a CLI.' }]),
  },
  {
    // The model server (`strata serve`) is its own process: it reaches the tracking server through
    // the SDK, never its code or its database.
    files: ['src/serving/**/*.ts'],
    rules: restricted(['server', 'store', 'cli', 'data'], [
      { group: ['better-sqlite3', 'pg', 'kysely', 'fastify', '@fastify/*'], message: 'the model server reaches the tracking server through src/client.' },
    ]),
  },
  {
    // The CLI is a client; only `strata server` / `strata db` / `strata gc` wire the server and the store.
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/commands/server/**', 'src/cli/commands/db/**', 'src/cli/commands/gc/**'],
    rules: restricted(['server', 'store', 'artifacts'], [
      { group: ['better-sqlite3', 'pg', 'kysely', 'fastify'], message: 'the CLI reaches the server through src/client.' },
    ]),
  },
  {
    // The dashboard runs in browsers and reaches the server only through the SDK's browser entry.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { strata: { rules: { 'web-imports': webImports } } },
    rules: {
      'strata/web-imports': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['node:*', ...drivers, '@fastify/*'], message: 'web/ runs in the browser: no Node modules, no server packages.' }] },
      ],
    },
  },
);
