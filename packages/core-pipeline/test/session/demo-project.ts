/**
 * A small but complete project for session tests:
 *   data_processing: double(raw, params:factor) -> doubled [prep]; total(doubled) -> total [agg]
 *   reporting:       reporting.report(total, params:label) -> report   (namespace 'reporting')
 *   greeting:        shout(greeting) -> shout [io];  echo(shout) -> echo [io]
 * `doubled` and `total` have catalog entries with data, so any filtered run has its inputs.
 * `greeting` / `shout` are files (a project-local TextDataset), the latter versioned.
 */
import { makeProject, pipelineModule, REGISTRY_MJS } from '../project/project-fixture.js';

export const TEXT_DATASET_MJS = `import { readFile, writeFile } from 'node:fs/promises';
import { AbstractVersionedDataset } from '@kedro-mlflow/core-pipeline';

export class TextDataset extends AbstractVersionedDataset {
  static OPTION_KEYS = ['filepath', 'version', 'metadata', 'credentials'];
  constructor(options) {
    super(options);
    this.credentials = options.credentials;
  }
  async _load() { return readFile(await this.getLoadPath(), 'utf8'); }
  async _save(data) { await writeFile(await this.getSavePath(), data); }
  _describe() { return { filepath: this.filepath, version: this.version }; }
}
`;

export const DEMO_FILES: Record<string, string> = {
  'conf/base/catalog.yml': `raw:
  type: MemoryDataset
  data: [1, 2, 3]
doubled:
  type: MemoryDataset
  data: [100]
total:
  type: MemoryDataset
  data: 1000
greeting:
  type: ./src/text_dataset.mjs#TextDataset
  filepath: data/01_raw/greeting.txt
shout:
  type: ./src/text_dataset.mjs#TextDataset
  filepath: data/02_out/shout.txt
  versioned: true
`,
  'conf/base/parameters.yml': 'factor: 2\nlabel: base\nmodel:\n  lr: 0.1\n  layers: 3\n',
  'conf/local/credentials.yml': 'db:\n  password: s3cr3t-value\n',
  'conf/prod/parameters.yml': 'label: prod\n',
  'data/01_raw/greeting.txt': 'hello',
  'src/text_dataset.mjs': TEXT_DATASET_MJS,
  'src/pipeline_registry.mjs': REGISTRY_MJS,
  'src/pipelines/data_processing/pipeline.mjs': pipelineModule(
    `    node(double, ['raw', 'params:factor'], 'doubled', { name: 'double', tags: ['prep'] }),
    node(total, 'doubled', 'total', { name: 'total', tags: ['agg'] }),`,
    `const double = (xs, factor) => {
  if (typeof factor !== 'number') throw new TypeError('factor must be a number, got ' + typeof factor);
  return xs.map((x) => x * factor);
};
const total = (xs) => xs.reduce((a, b) => a + b, 0);`,
  ),
  'src/pipelines/reporting/pipeline.mjs': pipelineModule(
    "    node(report, ['total', 'params:label'], 'report', { name: 'report', namespace: 'reporting' }),",
    'const report = (total, label) => `${label}: ${total}`;',
  ),
  'src/pipelines/greeting/pipeline.mjs': pipelineModule(
    `    node(shout, 'greeting', 'shout', { name: 'shout', tags: ['io'] }),
    node(echo, 'shout', 'echo', { name: 'echo', tags: ['io'] }),`,
    'const shout = (text) => text.toUpperCase() + "!";\nconst echo = (text) => `echo ${text}`;',
  ),
};

/** The demo project, with extra or replaced files. */
export function makeDemoProject(files: Record<string, string> = {}): string {
  return makeProject({ ...DEMO_FILES, ...files });
}

/** Records hook calls as `<hook>` or `<hook>:<detail>` in `events`. */
export function recorder(events: string[], label = '') {
  const tag = (name: string) => (label === '' ? name : `${label}:${name}`);
  return {
    afterContextCreated: () => void events.push(tag('afterContextCreated')),
    afterCatalogCreated: () => void events.push(tag('afterCatalogCreated')),
    beforePipelineRun: () => void events.push(tag('beforePipelineRun')),
    afterPipelineRun: () => void events.push(tag('afterPipelineRun')),
    onPipelineError: () => void events.push(tag('onPipelineError')),
    afterNodeRun: ({ node }: { node: { name: string } }) => void events.push(tag(`afterNodeRun:${node.name}`)),
  };
}
