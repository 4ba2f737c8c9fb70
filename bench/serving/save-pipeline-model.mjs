// Saves the kedro_pipeline model of bench/serving (pipelines.mjs, a JSON artifact {factor: 1}, the
// scale parameter as an inference param) into the folder given; prints one JSON line.
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { JSONDataset } from '@kedro-mlflow/datasets';
import { KedroPipelineModel, saveModel } from '@kedro-mlflow/pipeline-ml';
import { registerPipelines } from './pipelines.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const [dir] = process.argv.slice(2);
const catalog = new DataCatalog({ datasets: { model: new JSONDataset({ filepath: `${dir}-artifacts/model.json` }), 'params:scale': 1 } });
await catalog.save('model', { factor: 1 });
const kpm = new KedroPipelineModel({
  pipeline: registerPipelines().inference,
  catalog,
  inputName: 'data',
  code: { module: join(here, 'pipelines.mjs'), exportName: 'registerPipelines', pipelineName: 'inference' },
});
await saveModel(kpm, dir, { inputExample: [{ x: 1.5, n: 2, label: 'a' }, { x: -0.25, n: 10, label: 'b' }] });
console.log(JSON.stringify({ saved: dir }));
