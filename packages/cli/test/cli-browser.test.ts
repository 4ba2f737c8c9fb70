/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * In a real browser: `kedro-mlflow ui` on a tracked project, Debian's headless Chromium driven by
 * playwright-core (which downloads no browser) to the run's page: the run, its params and the
 * template's metric are on screen, and the DAG picture opens in the artifact viewer, next to the
 * template's artifact. The screenshots are kept in
 * .test-results/ at the repository root.
 *
 * Chromium must be installed (`apt-get install -y chromium`, which .ci/run does); without it this
 * test fails and says so.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { freePort } from '@kedro-mlflow/mlflow-test-server';
import { cli, ensureBuilt, newProject, removeDir, tempDir } from './helpers.js';
import { MLFLOW_BIN, spawnCli, stop, waitForUi, type Spawned } from './tracking-helpers.js';

jest.setTimeout(300_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = join(__dirname, '..', '..', '..', '.test-results');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let work: string;
let ui: Spawned | undefined;
let browser: BrowserContext | undefined;

beforeAll(() => {
  ensureBuilt();
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium executable.`);
  }
  work = tempDir('browser');
  mkdirSync(RESULTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await stop(ui);
  removeDir(work);
});

describe('kedro-mlflow ui in Chromium', () => {
  it("shows the run's page with its params and metric, and the DAG picture in the artifact viewer", async () => {
    const project = newProject(work, 'Browsed Reviews');
    const res = cli(['run', '--json', '--params', 'top_words=4'], { cwd: project });
    expect(res.code).toBe(0);
    const { runId, experimentId } = (JSON.parse(res.stdout) as { mlflow: { runId: string; experimentId: string } }).mlflow;

    const port = await freePort();
    ui = spawnCli(['ui', '--port', String(port)], project, { MLFLOW_BIN: MLFLOW_BIN() });
    const url = `http://127.0.0.1:${port}`;
    await waitForUi(url, ui);

    browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'kedro-mlflow-chromium-')), {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1400, height: 1000 },
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${url}/#/experiments/${experimentId}/runs/${runId}`);
    // The run's page: its name, id and parameters.
    await page.getByText('__default__').first().waitFor({ timeout: 60_000 });
    await page.getByText(runId).first().waitFor();
    await page.getByText('top_words', { exact: true }).first().waitFor();
    await page.getByText('cleaning.min_word_length').first().waitFor();
    // The metric of the template's `measure` node, with its value, in the run's metrics table.
    const metric = page.getByRole('row').filter({ hasText: 'vocabulary_size' });
    await metric.first().waitFor();
    expect((await metric.first().innerText()).split(/\s+/)).toEqual(['vocabulary_size', '37']);
    await page.screenshot({ path: join(RESULTS, 'kedro-mlflow-ui-run.png'), fullPage: true });

    await page.goto(`${url}/#/experiments/${experimentId}/runs/${runId}/artifacts/pipeline_dag.svg`);
    await page.getByText('pipeline_dag.svg').first().waitFor({ timeout: 60_000 });
    await page.getByText('Path: file://').first().waitFor();
    await page.getByText('review_summary.json').first().waitFor(); // the template's artifact, in the tree
    // The viewer fetches the file from the server's artifact endpoint and shows it as an image.
    const image = page.locator('img[src^="blob:"]');
    await image.first().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => Array.from(document.images).some((img) => img.src.startsWith('blob:') && img.complete && img.naturalWidth > 0));
    const widths = await image.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).naturalWidth));
    expect(Math.max(...widths)).toBeGreaterThan(300);
    await page.screenshot({ path: join(RESULTS, 'kedro-mlflow-ui-dag.png'), fullPage: true });
    expect(existsSync(join(RESULTS, 'kedro-mlflow-ui-dag.png'))).toBe(true);
  });
});
