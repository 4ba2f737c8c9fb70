/**
 * `kedro-mlflow run` when things go wrong: a failing node, and every kind of bad input (flags,
 * values, config files, project files), on the real binary and a project made by `kedro-mlflow new`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliAll, copyProject, generatedProject, logRecords, removeDir, runDocument } from './helpers.js';

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

let work: string;
let project: string;

// Each test spawns the CLI several times; a busy machine makes that slow, not wrong.
jest.setTimeout(120_000);

beforeAll(() => {
  ({ work, project } = generatedProject('run'));
});

afterAll(() => removeDir(work));

describe('a failing node', () => {
  it('exits 1, names the node and its error, and prints where to resume (no stack trace)', () => {
    const res = cli(['run', '--params', 'cleaning.min_word_length=0'], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('Run failed after');
    expect(res.stderr).toMatch(/node count_words failed; 1 of 4 nodes completed/);
    expect(res.stderr).toMatch(/^ {4}count_words +\d+ ms {2}failed$/m);
    expect(res.stderr).toMatch(/^ {4}measure +not run$/m);
    expect(res.stderr).toMatch(/^ {4}summarise +not run$/m);
    expect(res.stderr).toContain('There are 3 nodes that have not run.');
    expect(res.stderr).toContain(
      'Error: Node count_words: countWords([clean_reviews;params:cleaning.min_word_length]) -> [word_counts] failed: cleaning.min_word_length must be a positive integer, got 0',
    );
    expect(res.stderr).toContain('  --from-nodes "clean"');
    expect(res.stderr).toContain('Resume with: kedro-mlflow run --params cleaning.min_word_length=0 --from-nodes "clean"');
    expect(res.stderr).toContain('Run the command again with -v (--verbose) to see the stack trace.');
    expect(res.stderr).not.toMatch(STACK_LINE);
  });

  it('with -v, shows the stack trace into the TypeScript source; with --json, a failure document', async () => {
    const [verbose, json] = await cliAll([
      [['run', '-v', '--params', 'cleaning.min_word_length=0'], { cwd: project }],
      [['run', '--json', '--params', 'cleaning.min_word_length=0', '--from-nodes', 'summarise,clean'], { cwd: project }],
    ]);
    expect(verbose!.code).toBe(1);
    expect(verbose!.stderr).toMatch(/Caused by: RangeError: cleaning\.min_word_length must be a positive integer, got 0\n\s+at .*countWords .*src\/pipelines\/reviews\/nodes\.ts:\d+:\d+/);
    expect(logRecords(verbose!.stderr).some((r) => r.level === 'debug')).toBe(true);

    expect(json!.code).toBe(1);
    const doc = runDocument(json!);
    expect(doc.status).toBe('failure');
    expect(doc.error).toMatchObject({ type: 'NodeRunError', nodeName: 'count_words', resumeFromNodes: ['clean'] });
    expect(doc.nodes.map((n) => [n.name, n.status])).toEqual([
      ['clean', 'completed'],
      ['count_words', 'failed'],
      ['measure', 'not run'],
      ['summarise', 'not run'],
    ]);
    // The previous --from-nodes is replaced by the resume point.
    expect(json!.stderr).toContain('Resume with: kedro-mlflow run --json --params cleaning.min_word_length=0 --from-nodes "clean"');
  });
});

describe('a metric that is not a number', () => {
  it("fails the template's measure node, naming the dataset, the metric and what it got; the MLflow run ends FAILED", () => {
    const copy = copyProject(project, join(work, 'metric-string'));
    const nodes = join(copy, 'src', 'pipelines', 'reviews', 'nodes.ts');
    const original = readFileSync(nodes, 'utf8');
    const changed = original.replace(/(export function vocabularySize[^{]*\{\n\s*return )(.*);/, '$1String($2) as unknown as number;');
    expect(changed).not.toBe(original);
    writeFileSync(nodes, changed);
    const res = cli(['run', '--json'], { cwd: copy });
    expect(res.code).toBe(1);
    const doc = runDocument(res) as ReturnType<typeof runDocument> & { mlflow: { runId: string } };
    expect(doc.error).toMatchObject({ type: 'NodeRunError', nodeName: 'measure', resumeFromNodes: ['measure', 'summarise'] });
    expect(res.stderr).toContain("Cannot save dataset 'vocabulary_size': the value of metric 'vocabulary_size' must be a finite number, got string ('37').");
    expect(res.stderr).toContain(`MLflow run: ${doc.mlflow.runId} (ended FAILED)`);
    expect(res.stderr).not.toMatch(STACK_LINE);
  });
});

describe('--json error documents carry the typed fields', () => {
  it('an unknown node gives kind and the missing names', () => {
    const res = cli(['run', '--json', '--nodes', 'clean,summarize'], { cwd: project });
    expect(res.code).toBe(1);
    const doc = JSON.parse(res.stdout) as { error: Record<string, unknown> };
    expect(doc.error).toMatchObject({ type: 'PipelineFilterError', kind: 'unknown-nodes', missing: ['summarize'] });
  });
});

describe('bad input: one clear message, exit code 1, no stack trace', () => {
  let broken: string;
  beforeAll(() => {
    broken = copyProject(project, join(work, 'broken'));
  });

  const cases: Array<[string, string[], RegExp | string]> = [
    ['an unknown pipeline', ['--pipelines', 'nope'], "Failed to find the pipeline named 'nope'. It needs to be generated and returned by the 'registerPipelines' function. Existing pipelines: ['__default__', 'reviews']."],
    ['an unknown node', ['--nodes', 'clean,summarize'], "Error: Pipeline does not contain nodes named ['summarize']. Nodes of the __default__ pipeline: clean, count_words, measure, summarise."],
    ['an unknown --from-nodes node', ['--from-nodes', 'nope'], "Pipeline does not contain nodes named ['nope']. Nodes of the __default__ pipeline: clean, count_words, measure, summarise."],
    ['an unknown dataset', ['--to-outputs', 'nope'], "Pipeline does not contain datasets named ['nope'] Datasets of the __default__ pipeline: clean_reviews, review_summary, reviews, vocabulary_size, word_counts."],
    ['an unknown tag', ['--tags', 'nope'], 'No node of the __default__ pipeline has any of the tags nope. Tags in use: features, preprocessing, reporting.'],
    ['filters that together keep no node', ['--nodes', 'summarise', '--to-nodes', 'clean'], 'Error: Pipeline contains no nodes after applying all provided filters. Please ensure that at least one pipeline with nodes has been defined. Each filter selects nodes and the run keeps the nodes selected by all of them: here, none.'],
    ['a filter that needs an in-memory dataset', ['--from-nodes', 'count_words'], "Error: Pipeline input(s) {'clean_reviews'} not found in the DataCatalog."],
    ['a --params item without =', ['--params', 'top_words=2,bad'], 'Error: Invalid format of `params` option: Item `bad` must contain a key and a value separated by `=`.'],
    ['a --params item without key', ['--params', ' =2'], 'Error: Invalid format of `params` option: Parameter key cannot be an empty string.'],
    ['a --runner-params item without =', ['--runner-params', 'max_workers'], 'Error: Invalid format of `runner_params` option: Item `max_workers` must contain a key and a value separated by `=`.'],
    ['a bad --load-versions form', ['--load-versions', 'word_counts'], "Error: Expected the form of 'load_versions' to be 'dataset_name:YYYY-MM-DDThh.mm.ss.sssZ',found word_counts instead"],
    ['an unsafe --load-versions version', ['--load-versions', 'word_counts:../x'], "Error: Version string '../x' is not allowed."],
    ['--load-versions of a dataset not in the catalog', ['--load-versions', 'nope:2024-01-01T00.00.00.000Z'], "Error: 'load_versions' keys [nope] are not found in the catalog."],
    ['--pipeline with --pipelines', ['--pipeline', 'a', '--pipelines', 'b'], "Error: Options '--pipeline' and '--pipelines' cannot be used together"],
    ['an unknown flag', ['--fromnodes', 'clean'], /Error: unknown option '--fromnodes'\n\(Did you mean --from-nodes\?\)/],
    ['a flag without its value', ['--nodes'], "Error: option '-n, --nodes <names>' argument missing"],
    ['an unknown runner', ['--runner', 'SequentalRunner'], "Unknown runner 'SequentalRunner'. Did you mean 'SequentialRunner'?"],
    ['a missing --conf-source folder', ['--conf-source', 'missing-conf'], "Error: Invalid value for '--conf-source': Path 'missing-conf' does not exist."],
    ['a missing --config file', ['-c', 'missing.yml'], "Error: Invalid value for '--config' / '-c': File"],
  ];

  it('for flags and values', async () => {
    const results = await cliAll(cases.map(([, args]) => [['run', ...args], { cwd: project }]));
    results.forEach((res, i) => {
      const [label, , expected] = cases[i]!;
      const summary = { label, code: res.code, stdout: res.stdout, matches: typeof expected === 'string' ? res.stderr.includes(expected) : expected.test(res.stderr) };
      expect(summary).toEqual({ label, code: 1, stdout: '', matches: true });
      expect([label, STACK_LINE.test(res.stderr)]).toEqual([label, false]);
    });
  });

  it('with --json, also as a failure document on stdout', () => {
    const res = cli(['run', '--json', '--params', 'oops'], { cwd: project });
    expect(res.code).toBe(1);
    expect(runDocument(res)).toMatchObject({
      status: 'failure',
      nodes: [],
      error: { type: 'CliError', message: 'Invalid format of `params` option: Item `oops` must contain a key and a value separated by `=`.' },
    });
    expect(res.stderr).toContain('Error: Invalid format of `params` option');
  });

  it('for a config file key that does not exist (with a suggestion)', () => {
    writeFileSync(join(work, 'typo.yml'), 'run:\n  from_node: clean\n');
    const res = cli(['run', '--config', join(work, 'typo.yml')], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/^Error: Key `from_node` in provided configuration is not valid\. Did you mean one of these\? from_nodes, to_nodes/m);
  });

  it('for project files: malformed YAML (file and line), an unknown dataset type, a missing credentials entry, a broken settings file, a bad interpolation', async () => {
    const variants = ['yaml', 'type', 'credentials', 'settings', 'interpolation'].map((name) => copyProject(broken, join(work, `broken-${name}`)));
    writeFileSync(join(variants[0]!, 'conf', 'base', 'parameters_reviews.yml'), 'cleaning:\n  lowercase: true\n  min_word_length: [4\ntop_words: 3\n');
    writeFileSync(
      join(variants[1]!, 'conf', 'base', 'catalog.yml'),
      'reviews:\n  type: JSONDatset\n  filepath: data/01_raw/reviews.json\n',
    );
    writeFileSync(join(variants[2]!, 'conf', 'base', 'catalog_db.yml'), 'scores:\n  type: MemoryDataset\n  credentials: warehouse\n');
    writeFileSync(join(variants[3]!, 'src', 'settings.ts'), "import { defineSettings } from '@kedro-mlflow/core-pipeline';\nexport default defineSettings({ hook: [] });\n");
    writeFileSync(join(variants[4]!, 'conf', 'base', 'parameters_extra.yml'), 'extra:\n  size: ${nope.key}\n');
    const [yaml, type, credentials, settings, interpolation] = await cliAll(variants.map((cwd) => [['run'], { cwd }]));

    expect(yaml!.code).toBe(1);
    expect(yaml!.stderr).toMatch(/^Error: Invalid YAML or JSON file .*conf\/base\/parameters_reviews\.yml, unable to read line 4/m);
    expect(type!.code).toBe(1);
    expect(type!.stderr).toContain("Error: An exception occurred when parsing config for dataset 'reviews':\nDataset type 'JSONDatset' not found, is this a typo? Did you mean 'JSONDataset' or");
    expect(credentials!.code).toBe(1);
    expect(credentials!.stderr).toContain("Error: Unable to find credentials 'warehouse'");
    expect(settings!.code).toBe(1);
    expect(settings!.stderr).toContain("Error: Invalid settings in src/settings.ts: unknown field 'hook'. Did you mean 'hooks'?");
    expect(interpolation!.code).toBe(1);
    // The file is named once, by the message itself.
    expect(interpolation!.stderr).toMatch(/^Error: Interpolation key 'nope\.key' not found \(at key 'extra\.size' in \/\S*conf\/base\/parameters_extra\.yml\)\n/m);
    expect(interpolation!.stderr).not.toContain('(in ');
    for (const res of [yaml, type, credentials, settings, interpolation]) {
      expect(res!.stderr).not.toMatch(STACK_LINE);
      expect(res!.stderr).not.toContain('Run the command again with -v');
    }
  });

  it('outside of a project', () => {
    const res = cli(['run'], { cwd: work });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      `Error: No kedro-mlflow project found in '${work}' or any folder above it (a project is a folder whose package.json has a "kedro" field). Run the command inside a project, or create one with \`kedro-mlflow new\`.\n`,
    );
  });
});
