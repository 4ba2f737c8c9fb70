/**
 * The DAG file: plain Python that Airflow 3 parses, one task per pipeline node and one `>>` per node
 * dependency (kedro-airflow's shape). Same input, same bytes: no timestamps, fixed ordering. Each
 * task starts the project's CLI for its node, as an argument list (no shell) in fields Airflow does
 * not template, so a node name reaches `kedro-mlflow run --nodes` exactly as written.
 */
import type { AirflowDagSettings } from './export-options.js';
import { pyString, pyStringList } from './python-literal.js';

export interface AirflowTask {
  taskId: string;
  nodeName: string;
  /** Indexes (into the task list) of the tasks this one waits for. */
  upstream: readonly number[];
}

const OPERATOR = `class KedroMlflowNodeOperator(BaseOperator):
    """Runs one node of the pipeline: \`kedro-mlflow run --nodes=<node>\` in the project folder.

    The node's datasets are loaded and saved through the project's catalog, so every dataset
    passed between two tasks is persisted there.
    """

    template_fields = ()
    ui_color = "#d4e7f7"

    def __init__(self, *, node_name, **kwargs):
        super().__init__(**kwargs)
        self.node_name = node_name

    def execute(self, context):
        args = [
            *KEDRO_MLFLOW_COMMAND,
            "run",
            f"--pipelines={PIPELINE}",
            f"--env={ENV}",
            f"--nodes={self.node_name}",
        ]
        self.log.info("Node %r: %s (in %s)", self.node_name, args, PROJECT_PATH)
        with subprocess.Popen(
            args, cwd=PROJECT_PATH, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as process:
            for line in process.stdout:
                self.log.info("%s", line.rstrip())
        if process.returncode != 0:
            raise AirflowException(f"Node {self.node_name!r} failed (exit code {process.returncode}).")
`;

function pyDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return `datetime.datetime(${year}, ${month}, ${day}, tzinfo=datetime.timezone.utc)`;
}

export function renderAirflowDag(tasks: readonly AirflowTask[], settings: AirflowDagSettings): string {
  const s = settings;
  const lines: string[] = [
    '"""Airflow DAG of a kedro-mlflow pipeline: one task per node.',
    '',
    'Written by `kedro-mlflow export airflow`; export again when the pipeline changes.',
    '"""',
    'from __future__ import annotations',
    '',
    'import datetime',
    'import subprocess',
    '',
    'from airflow.exceptions import AirflowException',
    'from airflow.sdk import DAG, BaseOperator',
    '',
    '# How a task starts the CLI of the project, and where the project is on the machines that run the tasks.',
    `KEDRO_MLFLOW_COMMAND = ${pyStringList(s.command)}`,
    `PROJECT_PATH = ${pyString(s.projectPath)}`,
    `PIPELINE = ${pyString(s.pipelineName)}`,
    `ENV = ${pyString(s.env)}`,
    '',
    '',
    OPERATOR,
    '',
    'with DAG(',
    `    dag_id=${pyString(s.dagId)},`,
    `    description=${pyString(`kedro-mlflow pipeline ${s.pipelineName} (env ${s.env})`)},`,
    `    schedule=${s.schedule === null ? 'None' : pyString(s.schedule)},`,
    `    start_date=${pyDate(s.startDate)},`,
    '    catchup=False,',
    '    # Two runs at once would write the same catalog files.',
    '    max_active_runs=1,',
    `    tags=${pyStringList(s.dagTags)},`,
    '    default_args={',
    `        "owner": ${pyString(s.owner)},`,
    `        "retries": ${s.retries},`,
    `        "retry_delay": datetime.timedelta(seconds=${s.retryDelaySeconds}),`,
    '    },',
    ') as dag:',
    '    # Task id: node name.',
    '    tasks = {',
    ...tasks.map((task) => `        ${pyString(task.taskId)}: KedroMlflowNodeOperator(task_id=${pyString(task.taskId)}, node_name=${pyString(task.nodeName)}),`),
    '    }',
  ];
  const edges = tasks.flatMap((task) => task.upstream.map((up) => `    tasks[${pyString(tasks[up]!.taskId)}] >> tasks[${pyString(task.taskId)}]`));
  if (edges.length > 0) lines.push('', "    # The pipeline's node dependencies.", ...edges);
  return `${lines.join('\n')}\n`;
}
