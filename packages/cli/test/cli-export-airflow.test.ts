/**
 * `kedro-mlflow export airflow` on the built binary: bad flags and in-memory datasets end with exit
 * code 1 and a message naming the flag or the datasets (no file written); and end to end, the DAG
 * of a small project with file datasets runs under a real `airflow dags test`, each node once, in
 * dependency order, its outputs on disk (and a failing node fails its task and stops the run).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { airflowAvailable, findAirflow } from './airflow-venv.js';
import { BIN, cli, cliEnv, copyProject, generatedProject, removeDir, withoutTracking } from './helpers.js';

jest.setTimeout(240_000);

let work: string;
let project: string;

beforeAll(() => {
  ({ work, project } = generatedProject('export-airflow'));
});

afterAll(() => removeDir(work));

describe('export airflow refusing', () => {
  it.each([
    [['--dag-id', 'my dag'], "Invalid value for '--dag-id': 'my dag' may hold only letters, digits, '_', '.' and '-'"],
    [['--schedule', 'daily'], "Invalid value for '--schedule': 'daily' is neither 'none'"],
    [['--retries', 'many'], "Invalid value for '--retries': 'many' is not a whole number from 0 to 100."],
    [['--output', 'dag.txt'], "Invalid value for '--output': 'dag.txt' must be a .py file"],
    [['--pipeline', 'nope'], "Invalid value for '--pipeline': no pipeline 'nope' is registered. Registered pipelines: __default__, reviews."],
  ])('%j: exit code 1 and the flag named', (flags, message) => {
    const res = cli(['export', 'airflow', ...flags], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain(`Error: ${message}`);
    expect(existsSync(join(project, 'airflow_dags'))).toBe(false);
  });

  it("names the datasets that live in memory between nodes (the template's clean_reviews)", () => {
    const res = cli(['export', 'airflow'], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Error: Datasets passed between nodes live in memory, and each Airflow task is its own process: clean_reviews. Persist them in the catalog');
    expect(existsSync(join(project, 'airflow_dags'))).toBe(false);
  });

  it('an unknown flag is commander\'s error, exit code 1', () => {
    const res = cli(['export', 'airflow', '--no-such-flag'], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("unknown option '--no-such-flag'");
  });
});

const PIPELINE_TS = `import { appendFileSync } from 'node:fs';
import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';

// Each node notes that it ran: the test reads the order back.
const ran = (name: string) => appendFileSync('data/08_reporting/ran.log', name + '\\n');

export const prepare = (raw: { values: number[] }) => { ran('prepare'); return raw.values.map((v) => v * 2); };
export const total = (values: number[]) => { ran('total'); return values.reduce((a, b) => a + b, 0); };
export const largest = (values: number[]) => { ran('largest'); return Math.max(...values); };
export const report = (sum: number, max: number) => { ran('report'); return \`sum \${sum}, max \${max}\`; };

export function createPipeline(): Pipeline {
  return pipeline([
    node(prepare, 'raw', 'doubled', { name: 'prepare' }),
    node(total, 'doubled', 'sum', { name: 'total' }),
    node(largest, 'doubled', 'max', { name: 'largest' }),
    node(report, ['sum', 'max'], 'report', { name: 'report' }),
  ]);
}
`;

const CATALOG = {
  raw: { type: 'JSONDataset', filepath: 'data/01_raw/raw.json' },
  doubled: { type: 'JSONDataset', filepath: 'data/02_intermediate/doubled.json' },
  sum: { type: 'JSONDataset', filepath: 'data/03_primary/sum.json' },
  max: { type: 'YAMLDataset', filepath: 'data/03_primary/max.yml' },
  report: { type: 'TextDataset', filepath: 'data/08_reporting/report.txt' },
};

const withAirflow = airflowAvailable() ? describe : describe.skip;

withAirflow('export airflow, end to end with Apache Airflow', () => {
  it('airflow dags test runs every node once, in dependency order, and the outputs are on disk; a failing node fails the run', () => {
    const small = copyProject(project, join(work, 'small-project'));
    withoutTracking(small);
    rmSync(join(small, 'src', 'pipelines', 'reviews'), { recursive: true });
    mkdirSync(join(small, 'src', 'pipelines', 'numbers'));
    writeFileSync(join(small, 'src', 'pipelines', 'numbers', 'pipeline.ts'), PIPELINE_TS);
    writeFileSync(join(small, 'conf', 'base', 'catalog.yml'), stringify(CATALOG));
    writeFileSync(join(small, 'data', '01_raw', 'raw.json'), JSON.stringify({ values: [1, 5, 3] }));

    const dags = join(work, 'dags');
    const command = JSON.stringify([process.execPath, BIN]);
    const exported = cli(['export', 'airflow', '--output', join(dags, 'small.py'), '--dag-id', 'small_dag', '--retries', '0', '--command', command], { cwd: small });
    expect(exported.stderr).toContain("Wrote DAG 'small_dag' (4 tasks, pipeline '__default__', env 'local')");
    expect(exported.code).toBe(0);
    expect(exported.stdout.trim()).toBe(join(dags, 'small.py'));

    const airflow = findAirflow()!;
    const env = cliEnv({
      AIRFLOW_HOME: join(work, 'airflow-home'),
      AIRFLOW__CORE__DAGS_FOLDER: dags,
      AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    });
    const migrate = spawnSync(airflow, ['db', 'migrate'], { env, encoding: 'utf8' });
    expect(migrate.status).toBe(0);
    const test = spawnSync(airflow, ['dags', 'test', 'small_dag'], { env, encoding: 'utf8' });
    const log = `${test.stdout}\n${test.stderr}`;
    if (test.status !== 0) throw new Error(`airflow dags test failed (${test.status}):\n${log.slice(-4000)}`);
    expect(log).toMatch(/DagRun Finished: dag_id=small_dag,.* state=success/);

    const order = readFileSync(join(small, 'data', '08_reporting', 'ran.log'), 'utf8').trim().split('\n');
    expect([...order].sort()).toEqual(['largest', 'prepare', 'report', 'total']);
    expect(order[0]).toBe('prepare');
    expect(order[3]).toBe('report');
    expect(JSON.parse(readFileSync(join(small, 'data', '02_intermediate', 'doubled.json'), 'utf8'))).toEqual([2, 10, 6]);
    expect(JSON.parse(readFileSync(join(small, 'data', '03_primary', 'sum.json'), 'utf8'))).toBe(18);
    expect(readFileSync(join(small, 'data', '03_primary', 'max.yml'), 'utf8').trim()).toBe('10');
    expect(readFileSync(join(small, 'data', '08_reporting', 'report.txt'), 'utf8')).toBe('sum 18, max 10');

    // A node that fails fails its task, and the tasks after it do not run.
    writeFileSync(join(small, 'data', '01_raw', 'raw.json'), JSON.stringify({ values: 'not a list' }));
    rmSync(join(small, 'data', '08_reporting', 'ran.log'));
    const failing = spawnSync(airflow, ['dags', 'test', 'small_dag'], { env, encoding: 'utf8' });
    const failLog = `${failing.stdout}\n${failing.stderr}`;
    expect(failLog).toContain("Node 'prepare' failed (exit code 1).");
    expect(failLog).toMatch(/DagRun Finished: dag_id=small_dag,.* state=failed/);
    expect(readFileSync(join(small, 'data', '08_reporting', 'ran.log'), 'utf8')).toBe('prepare\n');
  });
});
