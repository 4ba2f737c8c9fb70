/**
 * `kedro-mlflow run` end to end: the real binary on a project made by `kedro-mlflow new` in a temp
 * folder, with no node_modules (the project's `@kedro-mlflow/core-pipeline` imports resolve to the
 * CLI's own copy).
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliAll, copyProject, generatedProject, logRecords, ran, readJson, removeDir, runDocument } from './helpers.js';

interface Summary {
  distinct_words: Record<string, number>;
  top_words: Record<string, Array<{ word: string; count: number }>>;
}

let work: string;
let project: string;
const summaryFile = () => join(project, 'data', '08_reporting', 'review_summary.json');

// Each test spawns the CLI several times; a busy machine makes that slow, not wrong.
jest.setTimeout(120_000);

beforeAll(() => {
  ({ work, project } = generatedProject('run'));
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
    expect(messages).toContain('Completed 4 out of 4 tasks');
    expect(messages).toContain('Saving data to vocabulary_size (MlflowMetricDataset)...');
    expect(messages).toContain('Saving data to review_summary (MlflowArtifactDataset)...');
    // The summary: every node with its time, and what was written: files (relative to the project),
    // the artifact's local file, the metric by its type (it has no file).
    expect(res.stderr).toMatch(/4 nodes run \(pipeline __default__, env local, session \d{4}-\d\d-\d\dT\d\d\.\d\d\.\d\d\.\d{3}Z\)/);
    for (const node of ['clean', 'count_words', 'measure', 'summarise']) expect(res.stderr).toMatch(new RegExp(`^ {4}${node} +\\d+ ms$`, 'm'));
    expect(res.stderr).toMatch(
      /Outputs written:\n {4}word_counts +data\/04_feature\/word_counts\.json\/[^/]+\/word_counts\.json\n {4}vocabulary_size +MlflowMetricDataset\n {4}review_summary +data\/08_reporting\/review_summary\.json\n/,
    );
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
      ['measure', 'completed'],
      ['summarise', 'completed'],
    ]);
    expect(doc.nodes.every((n) => typeof n.seconds === 'number' && n.seconds >= 0)).toBe(true);
    expect(doc.outputs).toEqual([
      { dataset: 'word_counts', type: 'JSONDataset', path: `data/04_feature/word_counts.json/${doc.sessionId}/word_counts.json` },
      { dataset: 'vocabulary_size', type: 'MlflowMetricDataset', path: null },
      { dataset: 'review_summary', type: 'MlflowArtifactDataset', path: 'data/08_reporting/review_summary.json' },
    ]);
    expect(existsSync(join(project, doc.outputs[0]!.path!))).toBe(true);
    expect(existsSync(join(project, doc.outputs[2]!.path!))).toBe(true);
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
      [['--from-inputs', 'word_counts'], ['measure', 'summarise']],
      [['--to-outputs', 'word_counts'], ['clean', 'count_words']],
      [['--tags', 'preprocessing, features'], ['clean', 'count_words']],
      [['-t', 'preprocessing'], ['clean']],
      [['-t', 'reporting'], ['measure', 'summarise']],
      [['--pipelines', 'reviews'], ['clean', 'count_words', 'measure', 'summarise']],
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
    // The metric exists only in the run that logged it, so in a new run `measure` has a missing
    // output and runs again; the files of the other nodes exist.
    expect(runDocument(all).nodes.map((n) => [n.name, n.status])).toEqual([
      ['clean', 'skipped'],
      ['count_words', 'skipped'],
      ['measure', 'completed'],
      ['summarise', 'skipped'],
    ]);
    expect(logRecords(all.stderr).map((r) => r.msg)).toContain('Skipping 3 nodes with existing outputs: clean, count_words, summarise');
    expect(all.stderr).toContain('1 node run, 3 nodes skipped (outputs exist)');

    rmSync(summaryFile());
    const some = cli(['run', '--only-missing-outputs', '--json'], { cwd: project });
    expect(some.code).toBe(0);
    expect(runDocument(some).nodes.map((n) => [n.name, n.status])).toEqual([
      ['clean', 'skipped'],
      ['count_words', 'skipped'],
      ['measure', 'completed'],
      ['summarise', 'completed'],
    ]);
    expect(existsSync(summaryFile())).toBe(true);
  });

  it('-c/--config reads the options of a run: section; flags on the command line win', () => {
    const config = join(work, 'run.yml');
    writeFileSync(config, 'run:\n  pipelines: reviews\n  tags: reporting\n  params:\n    top_words: 1\n');
    const fromFile = cli(['run', '-c', config, '--json'], { cwd: project });
    expect(fromFile.code).toBe(0);
    expect(ran(runDocument(fromFile))).toEqual(['measure', 'summarise']);
    expect(readJson<Summary>(summaryFile()).top_words.positive).toHaveLength(1);

    const overridden = cli(['run', '--config', config, '--params', 'top_words=2', '--json'], { cwd: project });
    expect(ran(runDocument(overridden))).toEqual(['measure', 'summarise']);
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
    expect(ran(runDocument(parallel!))).toEqual(['clean', 'count_words', 'measure', 'summarise']);
    expect(ran(runDocument(thread!))).toEqual(['clean', 'count_words', 'measure', 'summarise']);
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
    expect(ran(runDocument(res))).toEqual(['clean', 'count_words', 'measure', 'summarise']);
    const warnings = logRecords(res.stderr).filter((r) => r.level === 'warn').map((r) => r.msg);
    expect(warnings).toContainEqual(expect.stringContaining(`This project has its own @kedro-mlflow/core-pipeline 0.1.0 (${installed}) while kedro-mlflow runs on`));
  });
});
