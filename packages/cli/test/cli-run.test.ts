/**
 * `kedro-mlflow run` end to end: the real binary on a project made by `kedro-mlflow new` in a temp
 * folder, with no node_modules (the project's `@kedro-mlflow/core-pipeline` imports resolve to the
 * CLI's own copy).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cli,
  cliAll,
  copyProject,
  ensureBuilt,
  logRecords,
  newProject,
  ran,
  readJson,
  removeDir,
  runDocument,
  tempDir,
} from './helpers.js';

interface Summary {
  distinct_words: Record<string, number>;
  top_words: Record<string, Array<{ word: string; count: number }>>;
}

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m;

let work: string;
let project: string;
const summaryFile = () => join(project, 'data', '08_reporting', 'review_summary.json');

// Each test spawns the CLI several times; a busy machine makes that slow, not wrong.
jest.setTimeout(120_000);

beforeAll(() => {
  ensureBuilt();
  work = tempDir('run');
  project = newProject(work);
});

afterAll(() => removeDir(work));

describe('a full run', () => {
  it('writes the outputs, logs JSON lines on stderr and prints a summary, with nothing on stdout', () => {
    const res = cli(['run'], { cwd: project });
    expect(res.stderr).toContain('Run completed in');
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');

    const summary = readJson<Summary>(summaryFile());
    expect(summary.top_words.positive).toEqual([
      { word: 'moving', count: 3 },
      { word: 'wonderful', count: 3 },
      { word: 'beautifully', count: 2 },
    ]);
    expect(summary.top_words.negative!.map((w) => w.word)).toEqual(['boring', 'predictable', 'confusing']);

    const messages = logRecords(res.stderr).map((r) => r.msg);
    expect(messages).toContain('Kedro project Demo Project');
    expect(messages).toContain('Loading data from reviews (JSONDataset)...');
    expect(messages).toContain('Completed 3 out of 3 tasks');
    // The summary: every node with its time, and the files written (relative to the project).
    expect(res.stderr).toMatch(/3 nodes run \(pipeline __default__, env local, session \d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\d\.\d{3}Z\)/);
    for (const node of ['clean', 'count_words', 'summarise']) expect(res.stderr).toMatch(new RegExp(`^ {4}${node} +\\d+ ms$`, 'm'));
    expect(res.stderr).toMatch(/Outputs written:\n {4}word_counts +data\/04_feature\/word_counts\.json\/[^/]+\/word_counts\.json\n {4}review_summary +data\/08_reporting\/review_summary\.json/);
    expect(res.stderr).not.toContain('clean_reviews  '); // memory datasets are not "written"
  });

  it('--json prints the run as a JSON document on stdout', () => {
    const res = cli(['run', '--json'], { cwd: project });
    expect(res.code).toBe(0);
    const doc = runDocument(res);
    expect(doc).toMatchObject({ status: 'success', env: 'local', pipelines: ['__default__'], error: null });
    expect(doc.nodes.map((n) => [n.name, n.status])).toEqual([
      ['clean', 'completed'],
      ['count_words', 'completed'],
      ['summarise', 'completed'],
    ]);
    expect(doc.nodes.every((n) => typeof n.seconds === 'number' && n.seconds >= 0)).toBe(true);
    expect(doc.outputs).toEqual([
      { dataset: 'word_counts', type: 'JSONDataset', path: `data/04_feature/word_counts.json/${doc.sessionId}/word_counts.json` },
      { dataset: 'review_summary', type: 'JSONDataset', path: 'data/08_reporting/review_summary.json' },
    ]);
    expect(existsSync(join(project, doc.outputs[0]!.path!))).toBe(true);
  });

  it('runs from a sub-folder of the project too', () => {
    const res = cli(['run', '--nodes', 'clean', '--json'], { cwd: join(project, 'src', 'pipelines') });
    expect(res.code).toBe(0);
    expect(ran(runDocument(res))).toEqual(['clean']);
  });
});

describe('filters', () => {
  it('each filter flag selects the nodes kedro would', async () => {
    const cases: Array<[string[], string[]]> = [
      [['--nodes', 'clean,count_words'], ['clean', 'count_words']],
      [['-n', 'summarise'], ['summarise']],
      [['--from-nodes', 'summarise'], ['summarise']],
      [['--to-nodes', 'count_words'], ['clean', 'count_words']],
      [['--from-inputs', 'word_counts'], ['summarise']],
      [['--to-outputs', 'word_counts'], ['clean', 'count_words']],
      [['--tags', 'preprocessing, features'], ['clean', 'count_words']],
      [['-t', 'preprocessing'], ['clean']],
      [['--pipelines', 'reviews'], ['clean', 'count_words', 'summarise']],
      [['--pipelines', 'reviews,__default__', '--to-nodes', 'clean'], ['clean']],
    ];
    const results = await cliAll(cases.map(([args]) => [['run', '--json', ...args], { cwd: project }]));
    results.forEach((res, i) => {
      expect([cases[i]![0], res.code]).toEqual([cases[i]![0], 0]);
      expect([cases[i]![0], ran(runDocument(res))]).toEqual([cases[i]![0], cases[i]![1]]);
    });
  });

  it('--pipeline still works, with a deprecation warning', () => {
    const res = cli(['run', '--pipeline', 'reviews', '--json', '--nodes', 'clean'], { cwd: project });
    expect(res.code).toBe(0);
    expect(runDocument(res).pipelines).toEqual(['reviews']);
    expect(logRecords(res.stderr).filter((r) => r.level === 'warn').map((r) => r.msg)).toContain(
      "Option '--pipeline' is deprecated and will be removed in a future release. Please use '--pipelines' instead.",
    );
  });

  it('--namespaces (and kedro\'s -ns) run the nodes of those namespaces', async () => {
    const copy = copyProject(project, join(work, 'namespaces'));
    mkdirSync(join(copy, 'src', 'pipelines', 'greetings'));
    writeFileSync(
      join(copy, 'src', 'pipelines', 'greetings', 'pipeline.ts'),
      [
        "import { node, pipeline, Pipeline } from '@kedro-mlflow/core-pipeline';",
        'const shout = (text: string): string => text.toUpperCase();',
        'const whisper = (text: string): string => text.toLowerCase();',
        'export function createPipeline(): Pipeline {',
        "  const base = pipeline([node(shout, 'text', 'loud', { name: 'shout' }), node(whisper, 'loud', 'quiet', { name: 'whisper' })]);",
        "  return Pipeline.sum([pipeline(base, { namespace: 'en', inputs: { text: 'greeting' } }), pipeline(base, { namespace: 'fr', inputs: { text: 'greeting' } })]);",
        '}',
      ].join('\n'),
    );
    writeFileSync(join(copy, 'conf', 'base', 'catalog_greetings.yml'), 'greeting:\n  type: MemoryDataset\n  data: Hello\n');
    const [byName, short, unknown] = await cliAll([
      [['run', '--pipelines', 'greetings', '--namespaces', 'fr', '--json'], { cwd: copy }],
      [['run', '--pipelines', 'greetings', '-ns', 'en,fr', '--json'], { cwd: copy }],
      [['run', '--pipelines', 'greetings', '--namespaces', 'de'], { cwd: copy }],
    ]);
    expect(ran(runDocument(byName!))).toEqual(['fr.shout', 'fr.whisper']);
    expect(ran(runDocument(short!)).sort()).toEqual(['en.shout', 'en.whisper', 'fr.shout', 'fr.whisper']);
    expect(unknown!.code).toBe(1);
    expect(unknown!.stderr).toContain("Error: Pipeline does not contain nodes with the following namespaces: ['de'] Namespaces of pipeline(s) greetings: en, fr.");
  });
});

describe('parameters, environments and versions', () => {
  it('--params overrides parameters with typed, nested values', () => {
    const res = cli(['run', '--params', 'top_words=1, cleaning.min_word_length=11'], { cwd: project });
    expect(res.code).toBe(0);
    const summary = readJson<Summary>(summaryFile());
    expect(summary.top_words).toEqual({ negative: [{ word: 'predictable', count: 3 }], positive: [{ word: 'beautifully', count: 2 }] });
    expect(summary.distinct_words).toEqual({ negative: 2, positive: 2 });
  });

  it('--env overlays conf/<env> on conf/base; $KEDRO_ENV does too; an unknown env lists the existing ones', async () => {
    mkdirSync(join(project, 'conf', 'prod'), { recursive: true });
    writeFileSync(join(project, 'conf', 'prod', 'parameters.yml'), 'top_words: 2\n');
    try {
      const [byFlag, byVariable, unknown] = await cliAll([
        [['run', '--env', 'prod', '--json', '--nodes', 'summarise'], { cwd: project }],
        [['run', '--json', '--nodes', 'clean'], { cwd: project, env: { KEDRO_ENV: 'prod' } }],
        [['run', '-e', 'staging'], { cwd: project }],
      ]);
      expect(byFlag!.code).toBe(0);
      expect(runDocument(byFlag!).env).toBe('prod');
      expect(readJson<Summary>(summaryFile()).top_words.positive).toHaveLength(2);
      expect(runDocument(byVariable!).env).toBe('prod');
      expect(unknown!.code).toBe(1);
      expect(unknown!.stderr).toMatch(/^Error: Configuration environment 'staging' not found: no folder .*conf\/staging\. Existing environments: \['base', 'local', 'prod'\]\./m);
    } finally {
      rmSync(join(project, 'conf', 'prod'), { recursive: true, force: true });
    }
  });

  it('--load-versions loads the named version of a versioned dataset', () => {
    const first = runDocument(cli(['run', '--json', '--params', 'cleaning.min_word_length=11'], { cwd: project }));
    const firstSummary = readJson<Summary>(summaryFile());
    const second = runDocument(cli(['run', '--json'], { cwd: project }));
    expect(second.sessionId > first.sessionId).toBe(true);
    expect(readJson<Summary>(summaryFile())).not.toEqual(firstSummary);

    const res = cli(['run', '--nodes', 'summarise', '-lv', `word_counts:${first.sessionId}`], { cwd: project });
    expect(res.code).toBe(0);
    expect(readJson<Summary>(summaryFile())).toEqual(firstSummary);
    const versions = readdirSync(join(project, 'data', '04_feature', 'word_counts.json'));
    expect(versions).toEqual(expect.arrayContaining([first.sessionId, second.sessionId]));
  });

  it('--only-missing-outputs skips the nodes whose persisted outputs exist', () => {
    expect(cli(['run'], { cwd: project }).code).toBe(0);
    const all = cli(['run', '--only-missing-outputs', '--json'], { cwd: project });
    expect(all.code).toBe(0);
    expect(runDocument(all).nodes.map((n) => n.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(logRecords(all.stderr).map((r) => r.msg)).toContain('Skipping all 3 nodes (all persistent outputs exist)');
    expect(all.stderr).toContain('0 nodes run, 3 nodes skipped (outputs exist)');

    rmSync(summaryFile());
    const some = cli(['run', '--only-missing-outputs', '--json'], { cwd: project });
    expect(some.code).toBe(0);
    expect(runDocument(some).nodes.map((n) => [n.name, n.status])).toEqual([
      ['clean', 'skipped'],
      ['count_words', 'skipped'],
      ['summarise', 'completed'],
    ]);
    expect(existsSync(summaryFile())).toBe(true);
  });

  it('-c/--config reads the options of a run: section; flags on the command line win', () => {
    const config = join(work, 'run.yml');
    writeFileSync(config, 'run:\n  pipelines: reviews\n  tags: reporting\n  params:\n    top_words: 1\n');
    const fromFile = cli(['run', '-c', config, '--json'], { cwd: project });
    expect(fromFile.code).toBe(0);
    expect(ran(runDocument(fromFile))).toEqual(['summarise']);
    expect(readJson<Summary>(summaryFile()).top_words.positive).toHaveLength(1);

    const overridden = cli(['run', '--config', config, '--params', 'top_words=2', '--json'], { cwd: project });
    expect(ran(runDocument(overridden))).toEqual(['summarise']);
    expect(readJson<Summary>(summaryFile()).top_words.positive).toHaveLength(2);
  });

  it('--conf-source reads the configuration from another folder (relative to where the command runs)', () => {
    const conf = join(work, 'other-conf');
    copyProject(join(project, 'conf'), conf);
    writeFileSync(join(conf, 'base', 'parameters_reviews.yml'), 'cleaning:\n  lowercase: true\n  min_word_length: 4\ntop_words: 4\n');
    const res = cli(['run', '--conf-source', 'other-conf', '--json'], { cwd: work, env: {} });
    // Run from `work`, which is not a project: the project is found from the working directory only.
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`No kedro-mlflow project found in '${work}'`);

    const inProject = cli(['run', '--conf-source', '../other-conf', '--json'], { cwd: project });
    expect(inProject.code).toBe(0);
    expect(readJson<Summary>(summaryFile()).top_words.positive).toHaveLength(4);
  });

  it('runs with ParallelRunner (worker threads load the TypeScript nodes too) and ThreadRunner with runner params', async () => {
    const [parallel, thread] = await cliAll([
      [['run', '--runner', 'ParallelRunner', '--runner-params', 'max_workers=2', '--json'], { cwd: project }],
      [['run', '-r', 'ThreadRunner', '--runner-params', 'max_workers=2,is_async=true', '--json'], { cwd: project }],
    ]);
    expect(parallel!.stderr).toContain('Run completed');
    expect(runDocument(parallel!)).toMatchObject({ status: 'success' });
    expect(ran(runDocument(parallel!))).toEqual(['clean', 'count_words', 'summarise']);
    expect(ran(runDocument(thread!))).toEqual(['clean', 'count_words', 'summarise']);
  });
});

describe('a failing node', () => {
  it('exits 1, names the node and its error, and prints where to resume (no stack trace)', () => {
    const res = cli(['run', '--params', 'cleaning.min_word_length=0'], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain('Run failed after');
    expect(res.stderr).toMatch(/node count_words failed; 1 of 3 nodes completed/);
    expect(res.stderr).toMatch(/^ {4}count_words +\d+ ms {2}failed$/m);
    expect(res.stderr).toMatch(/^ {4}summarise +not run$/m);
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
    expect(doc.nodes.map((n) => n.status)).toEqual(['completed', 'failed', 'not run']);
    // The previous --from-nodes is replaced by the resume point.
    expect(json!.stderr).toContain('Resume with: kedro-mlflow run --json --params cleaning.min_word_length=0 --from-nodes "clean"');
  });
});

describe('bad input: one clear message, exit code 1, no stack trace', () => {
  let broken: string;
  beforeAll(() => {
    broken = copyProject(project, join(work, 'broken'));
  });

  const cases: Array<[string, string[], RegExp | string]> = [
    ['an unknown pipeline', ['--pipelines', 'nope'], "Failed to find the pipeline named 'nope'. It needs to be generated and returned by the 'registerPipelines' function. Existing pipelines: ['__default__', 'reviews']."],
    ['an unknown node', ['--nodes', 'clean,summarize'], "Error: Pipeline does not contain nodes named ['summarize']. Nodes of the __default__ pipeline: clean, count_words, summarise."],
    ['an unknown --from-nodes node', ['--from-nodes', 'nope'], "Pipeline does not contain nodes named ['nope']. Nodes of the __default__ pipeline: clean, count_words, summarise."],
    ['an unknown dataset', ['--to-outputs', 'nope'], "Pipeline does not contain datasets named ['nope'] Datasets of the __default__ pipeline: clean_reviews, review_summary, reviews, word_counts."],
    ['an unknown tag', ['--tags', 'nope'], 'No node of the __default__ pipeline has any of the tags nope. Tags in use: features, preprocessing, reporting.'],
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

  it('for project files: malformed YAML (file and line), an unknown dataset type, a missing credentials entry, a broken settings file', async () => {
    const variants = ['yaml', 'type', 'credentials', 'settings'].map((name) => copyProject(broken, join(work, `broken-${name}`)));
    writeFileSync(join(variants[0]!, 'conf', 'base', 'parameters_reviews.yml'), 'cleaning:\n  lowercase: true\n  min_word_length: [4\ntop_words: 3\n');
    writeFileSync(
      join(variants[1]!, 'conf', 'base', 'catalog.yml'),
      'reviews:\n  type: ./src/datasets/json_dataset.ts#JSONDatset\n  filepath: data/01_raw/reviews.json\n',
    );
    writeFileSync(join(variants[2]!, 'conf', 'base', 'catalog_db.yml'), 'scores:\n  type: MemoryDataset\n  credentials: warehouse\n');
    writeFileSync(join(variants[3]!, 'src', 'settings.ts'), "import { defineSettings } from '@kedro-mlflow/core-pipeline';\nexport default defineSettings({ hook: [] });\n");
    const [yaml, type, credentials, settings] = await cliAll(variants.map((cwd) => [['run'], { cwd }]));

    expect(yaml!.code).toBe(1);
    expect(yaml!.stderr).toMatch(/^Error: Invalid YAML or JSON file .*conf\/base\/parameters_reviews\.yml, unable to read line 4/m);
    expect(type!.code).toBe(1);
    expect(type!.stderr).toContain("Error: An exception occurred when parsing config for dataset 'reviews':\nDataset 'JSONDatset' not found in './src/datasets/json_dataset.ts'. Make sure the dataset name is correct. Did you mean 'JSONDataset'?");
    expect(credentials!.code).toBe(1);
    expect(credentials!.stderr).toContain("Error: Unable to find credentials 'warehouse'");
    expect(settings!.code).toBe(1);
    expect(settings!.stderr).toContain("Error: Invalid settings in src/settings.ts: unknown field 'hook'. Did you mean 'hooks'?");
    for (const res of [yaml, type, credentials, settings]) {
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

describe('one engine for the CLI and the project', () => {
  it("the project's @kedro-mlflow/core-pipeline is the CLI's own module instance", () => {
    const copy = copyProject(project, join(work, 'instance'));
    writeFileSync(
      join(copy, 'src', 'settings.ts'),
      [
        "import { DataCatalog, defineSettings, getLogger } from '@kedro-mlflow/core-pipeline';",
        'export default defineSettings({',
        '  hooks: [{',
        '    afterCatalogCreated: ({ catalog }: { catalog: unknown }) => {',
        "      getLogger('demo.settings').info(`same DataCatalog class: ${String(catalog instanceof DataCatalog)}`);",
        '    },',
        '  }],',
        '});',
      ].join('\n'),
    );
    const res = cli(['run', '--nodes', 'clean'], { cwd: copy });
    expect(res.code).toBe(0);
    expect(logRecords(res.stderr)).toContainEqual(expect.objectContaining({ name: 'demo.settings', msg: 'same DataCatalog class: true' }));
  });

  it('a project with its own copy of core-pipeline runs on it, with a warning that there are two copies', () => {
    const copy = copyProject(project, join(work, 'own-engine'));
    const core = join(__dirname, '..', '..', 'core-pipeline');
    const installed = join(copy, 'node_modules', '@kedro-mlflow', 'core-pipeline');
    mkdirSync(installed, { recursive: true });
    cpSync(join(core, 'dist'), join(installed, 'dist'), { recursive: true });
    cpSync(join(core, 'package.json'), join(installed, 'package.json'));
    symlinkSync(join(core, 'node_modules'), join(installed, 'node_modules'));
    const res = cli(['run', '--json'], { cwd: copy });
    expect(res.code).toBe(0);
    expect(ran(runDocument(res))).toEqual(['clean', 'count_words', 'summarise']);
    const warnings = logRecords(res.stderr).filter((r) => r.level === 'warn').map((r) => r.msg);
    expect(warnings).toContainEqual(expect.stringContaining(`This project has its own @kedro-mlflow/core-pipeline 0.1.0 (${installed}) while kedro-mlflow runs on`));
  });
});
