/** Each option of `export airflow`: the value written to the DAG, and a typed error naming the flag for a bad one. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AirflowExportError, buildAirflowDag, exportAirflowDag, type AirflowExportFlags } from '../../src/airflow/index.js';
import { diamond, project, pythonView } from './helpers.js';

function optionOf(flags: AirflowExportFlags): string | undefined {
  try {
    buildAirflowDag(project(diamond()), flags);
  } catch (error) {
    if (AirflowExportError.isInstance(error) && error.kind === 'option') return error.option;
    throw error;
  }
  return undefined;
}

describe('export airflow options', () => {
  it('writes every given option into the DAG', () => {
    const dag = buildAirflowDag(project(diamond()), {
      dagId: 'nightly.demo-1',
      schedule: '0 3 * * 1-5',
      startDate: '2025-02-28',
      command: '["/opt/node 20/bin/node", "/srv/app/node_modules/@kedro-mlflow/cli/dist/bin.js"]',
      dagTags: 'ml, nightly,ml',
      owner: 'data-team',
      retries: '3',
      retryDelay: '60',
      projectPath: '/srv/app',
    });
    expect(pythonView(dag.source).constants).toMatchObject({
      KEDRO_MLFLOW_COMMAND: ['/opt/node 20/bin/node', '/srv/app/node_modules/@kedro-mlflow/cli/dist/bin.js'],
      PROJECT_PATH: '/srv/app',
    });
    for (const line of [
      'dag_id="nightly.demo-1",',
      'schedule="0 3 * * 1-5",',
      'start_date=datetime.datetime(2025, 2, 28, tzinfo=datetime.timezone.utc),',
      'tags=["ml", "nightly"],',
      '"owner": "data-team",',
      '"retries": 3,',
      '"retry_delay": datetime.timedelta(seconds=60),',
    ]) {
      expect(dag.source).toContain(line);
    }
    expect(buildAirflowDag(project(diamond()), { schedule: '@daily', command: 'pnpm exec kedro-mlflow' }).source).toContain('schedule="@daily",');
    expect(buildAirflowDag(project(diamond()), { command: '  pnpm   exec kedro-mlflow ' }).settings.command).toEqual(['pnpm', 'exec', 'kedro-mlflow']);
  });

  it('derives a valid DAG id from a package name', () => {
    expect(buildAirflowDag(project(diamond(), undefined, { packageName: 'my project!' })).settings.dagId).toBe('my_project');
  });

  it.each<[AirflowExportFlags, string]>([
    [{ dagId: 'has space' }, '--dag-id'],
    [{ dagId: 'x'.repeat(251) }, '--dag-id'],
    [{ schedule: 'every day' }, '--schedule'],
    [{ schedule: '* * * *' }, '--schedule'],
    [{ startDate: '2025-02-30' }, '--start-date'],
    [{ startDate: '01/02/2025' }, '--start-date'],
    [{ command: '' }, '--command'],
    [{ command: '["node", 3]' }, '--command'],
    [{ command: '[not json' }, '--command'],
    [{ retries: '-1' }, '--retries'],
    [{ retries: 'two' }, '--retries'],
    [{ retryDelay: '1.5' }, '--retry-delay'],
    [{ owner: '  ' }, '--owner'],
    [{ dagTags: 'x'.repeat(101) }, '--dag-tags'],
    [{ projectPath: 'relative/path' }, '--project-path'],
    [{ pipeline: 'a,b' }, '--pipeline'],
  ])('refuses %j with an error naming %s', (flags, option) => {
    expect(optionOf(flags)).toBe(option);
  });

  it('says what a good value is', () => {
    try {
      buildAirflowDag(project(diamond()), { schedule: 'sometimes' });
    } catch (error) {
      expect((error as Error).message).toBe(
        "Invalid value for '--schedule': 'sometimes' is neither 'none', one of @once, @continuous, @hourly, @daily, @weekly, @monthly, @quarterly, @yearly, nor a 5-field cron expression such as '0 3 * * *'.",
      );
    }
    expect.assertions(1);
  });
});

describe('exportAirflowDag writing the file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'airflow-export-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes airflow_dags/<package>_dag.py in the project by default, and refuses to overwrite without force', async () => {
    const p = project(diamond(), undefined, { projectPath: dir });
    const result = await exportAirflowDag(p, {}, '/');
    expect(result.file).toBe(join(dir, 'airflow_dags', 'demo_project_dag.py'));
    expect(readFileSync(result.file, 'utf8')).toBe(result.source);
    writeFileSync(result.file, '# edited by hand\n');
    const error = await exportAirflowDag(p, {}, '/').catch((e: unknown) => e);
    expect(AirflowExportError.isInstance(error) && error.kind === 'output-exists' && error.file === result.file).toBe(true);
    expect(readFileSync(result.file, 'utf8')).toBe('# edited by hand\n');
    await exportAirflowDag(p, { force: true }, '/');
    expect(readFileSync(result.file, 'utf8')).toBe(result.source);
  });

  it('resolves --output against the working directory, wants a .py file, and writes nothing on an error', async () => {
    const p = project(diamond(), undefined, { projectPath: dir });
    const result = await exportAirflowDag(p, { output: 'dags/x.py' }, dir);
    expect(result.file).toBe(join(dir, 'dags', 'x.py'));
    const bad = await exportAirflowDag(p, { output: 'dags/x.txt' }, dir).catch((e: unknown) => e);
    expect(AirflowExportError.isInstance(bad) && bad.option === '--output').toBe(true);
    await exportAirflowDag(p, { output: 'dags/y.py', retries: 'x' }, dir).catch(() => undefined);
    expect(existsSync(join(dir, 'dags', 'y.py'))).toBe(false);
  });
});
