/** `registry` and `catalog` commands, `--version`, `--help`, unknown commands, and secrets. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cliAll, copyProject, generatedProject, removeDir } from './helpers.js';

let work: string;
let project: string;

// Each test spawns the CLI several times; a busy machine makes that slow, not wrong.
jest.setTimeout(120_000);

beforeAll(() => {
  ({ work, project } = generatedProject('inspect', 'Inspect Me'));
});

afterAll(() => removeDir(work));

describe('registry', () => {
  it('list prints the sorted pipeline names as YAML; describe lists the nodes in execution order', async () => {
    const [list, describeDefault, describeNamed, unknown] = await cliAll([
      [['registry', 'list'], { cwd: project }],
      [['registry', 'describe'], { cwd: project }],
      [['registry', 'describe', 'reviews'], { cwd: project }],
      [['registry', 'describe', 'nope'], { cwd: project }],
    ]);
    expect(list!.code).toBe(0);
    expect(list!.stdout).toBe('- __default__\n- reviews\n');
    const nodes = 'Nodes:\n- clean (cleanReviews)\n- count_words (countWords)\n- measure (vocabularySize)\n- summarise (summariseReviews)\n';
    expect(describeDefault!.stdout).toBe(nodes);
    expect(describeNamed!.stdout).toBe(nodes);
    expect(unknown!.code).toBe(1);
    expect(unknown!.stdout).toBe('');
    expect(unknown!.stderr).toBe("Error: 'nope' pipeline not found. Existing pipelines: [__default__, reviews]\n");
  });
});

describe('catalog', () => {
  it('describe-datasets groups the datasets of each pipeline by kind and type', async () => {
    const [all, one, unknown] = await cliAll([
      [['catalog', 'describe-datasets'], { cwd: project }],
      [['catalog', 'describe-datasets', '-p', 'reviews', '-e', 'local'], { cwd: project }],
      [['catalog', 'describe-datasets', '--pipeline', 'reviews,nope'], { cwd: project }],
    ]);
    expect(all!.code).toBe(0);
    const expected = {
      datasets: { JSONDataset: ['reviews', 'word_counts'], MlflowArtifactDataset: ['review_summary'], MlflowMetricDataset: ['vocabulary_size'] },
      defaults: { MemoryDataset: ['clean_reviews'] },
      factories: {},
    };
    expect(parse(all!.stdout)).toEqual({ __default__: expected, reviews: expected });
    expect(parse(one!.stdout)).toEqual({ reviews: expected });
    expect(unknown!.code).toBe(1);
    expect(unknown!.stderr).toContain("Error: 'nope' pipeline not found. Existing pipelines: [__default__, reviews]");
  });

  it('list-patterns and resolve-patterns show the factory patterns, ranked, and the config they give', async () => {
    const copy = copyProject(project, join(work, 'patterns'));
    writeFileSync(
      join(copy, 'conf', 'base', 'catalog_patterns.yml'),
      ['"{name}_report":', '  type: JSONDataset', '  filepath: data/08_reporting/{name}.json', '', '"{anything}":', '  type: MemoryDataset', ''].join('\n'),
    );
    writeFileSync(join(copy, 'conf', 'base', 'catalog.yml'), 'reviews:\n  type: JSONDataset\n  filepath: data/01_raw/reviews.json\n');
    mkdirSync(join(copy, 'conf', 'prod'));
    writeFileSync(join(copy, 'conf', 'prod', 'catalog.yml'), 'review_summary:\n  type: MemoryDataset\n');
    const [patterns, resolved, prod] = await cliAll([
      [['catalog', 'list-patterns'], { cwd: copy }],
      [['catalog', 'resolve-patterns', '-p', 'reviews'], { cwd: copy }],
      [['catalog', 'describe-datasets', '-e', 'prod', '-p', 'reviews'], { cwd: copy }],
    ]);
    expect(patterns!.code).toBe(0);
    expect(patterns!.stdout).toBe("- '{name}_report'\n- '{anything}'\n- '{default}'\n");
    expect(resolved!.code).toBe(0);
    const config = parse(resolved!.stdout) as Record<string, { type: string; filepath?: string }>;
    expect(Object.keys(config).sort()).toEqual(['clean_reviews', 'review_summary', 'reviews', 'vocabulary_size', 'word_counts']);
    expect(config.reviews!.filepath).toBe(join(copy, 'data', '01_raw', 'reviews.json'));
    expect(config.word_counts).toEqual({ type: 'MemoryDataset' });
    expect(parse(prod!.stdout)).toEqual({
      reviews: {
        datasets: { JSONDataset: ['reviews'], MemoryDataset: ['review_summary'] },
        defaults: {},
        factories: { MemoryDataset: ['clean_reviews', 'vocabulary_size', 'word_counts'] },
      },
    });
  });

  it('never prints credentials, not even with -v', async () => {
    const copy = copyProject(project, join(work, 'secrets'));
    writeFileSync(join(copy, 'conf', 'local', 'credentials.yml'), 'warehouse:\n  user: analyst\n  password: s3cr3t-passw0rd\n  token: t0k3n-value\n');
    mkdirSync(join(copy, 'src', 'datasets'));
    writeFileSync(
      join(copy, 'src', 'datasets', 'secure_dataset.ts'),
      [
        "import { JSONDataset, type JSONDatasetOptions } from '@kedro-mlflow/datasets';",
        'export class SecureJSONDataset extends JSONDataset {',
        "  static override readonly OPTION_KEYS = ['filepath', 'version', 'indent', 'credentials'];",
        '  constructor({ credentials, ...options }: JSONDatasetOptions & { credentials?: Record<string, string> }) {',
        '    super(options);',
        "    if (credentials?.password === undefined) throw new Error('no password');",
        '  }',
        '}',
      ].join('\n'),
    );
    writeFileSync(
      join(copy, 'conf', 'base', 'catalog.yml'),
      [
        'reviews:',
        '  type: ./src/datasets/secure_dataset.ts#SecureJSONDataset',
        '  filepath: data/01_raw/reviews.json',
        '  credentials: warehouse',
        'review_summary:',
        '  type: JSONDataset',
        '  filepath: data/08_reporting/review_summary.json',
      ].join('\n'),
    );
    const results = await cliAll([
      [['run', '-v', '--json'], { cwd: copy, env: { KEDRO_LOG_LEVEL: 'trace' } }],
      [['catalog', 'resolve-patterns', '-v'], { cwd: copy }],
      [['catalog', 'describe-datasets'], { cwd: copy }],
      [['run', '-v', '--nodes', 'nope'], { cwd: copy }],
    ]);
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 1]);
    expect(results[1]!.stdout).toContain('credentials: warehouse');
    for (const res of results) {
      expect(res.stdout + res.stderr).not.toMatch(/s3cr3t-passw0rd|t0k3n-value/);
    }
  });
});

describe('the program', () => {
  it('--version, --help, a bare command and unknown commands', async () => {
    const [version, help, runHelp, bare, unknown, excess] = await cliAll([
      [['--version'], { cwd: work }],
      [['--help'], { cwd: work }],
      [['run', '--help'], { cwd: work }],
      [[], { cwd: work }],
      [['rnu'], { cwd: work }],
      [['registry', 'list', 'extra'], { cwd: project }],
    ]);
    expect(version!.code).toBe(0);
    expect(version!.stdout).toMatch(/^kedro-mlflow, version \d+\.\d+\.\d+\n$/);
    expect(help!.code).toBe(0);
    expect(help!.stdout).toMatch(/Usage: kedro-mlflow \[options\] \[command\]/);
    for (const command of ['new', 'run', 'registry', 'catalog']) expect(help!.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(runHelp!.code).toBe(0);
    for (const flag of ['--pipelines', '--from-nodes', '--to-outputs', '--runner-params', '--load-versions', '--only-missing-outputs', '--conf-source', '--config', '--json']) {
      expect(runHelp!.stdout).toContain(flag);
    }
    expect(bare!.code).toBe(1);
    expect(bare!.stderr).toContain('Usage: kedro-mlflow');
    expect(unknown!.code).toBe(1);
    expect(unknown!.stderr).toMatch(/Error: unknown command 'rnu'\n\(Did you mean run\?\)/);
    expect(excess!.code).toBe(1);
    expect(excess!.stderr).toContain("Error: too many arguments for 'list'");
  });
});
