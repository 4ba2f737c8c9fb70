/**
 * On a terminal: pretty logs, a progress bar and a coloured summary. The CLI runs under `script`
 * (util-linux), which gives it a pseudo-terminal.
 */
import { spawnSync } from 'node:child_process';
import { BIN, cliEnv, generatedProject, removeDir } from './helpers.js';

let work: string;
let project: string;

// Each test spawns the CLI several times; a busy machine makes that slow, not wrong.
jest.setTimeout(120_000);

beforeAll(() => {
  ({ work, project } = generatedProject('tty', 'On Screen'));
});

afterAll(() => removeDir(work));

function onTerminal(args: string[], env: Record<string, string | undefined> = {}): { code: number | null; output: string } {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const res = spawnSync('script', ['-qec', command, '/dev/null'], {
    cwd: project,
    env: cliEnv({ NO_COLOR: undefined, SHELL: '/bin/sh', COLUMNS: '120', LINES: '40', ...env }),
    encoding: 'utf8',
  });
  if (res.error) throw res.error;
  return { code: res.status, output: res.stdout.replace(/\r/g, '') };
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');

describe('on a terminal', () => {
  it('prints pretty, coloured logs, a per-node progress bar and a summary', () => {
    const { code, output } = onTerminal(['run']);
    expect(code).toBe(0);
    expect(output).toContain('\u001b['); // colours
    const text = stripAnsi(output);
    expect(text).toMatch(/\[\d\d:\d\d:\d\d\] INFO \(kedro\.runner\): Completed node: clean/);
    expect(text).not.toMatch(/^\{"level"/m);
    expect(text).toMatch(/█+░* 1\/4 nodes \|/);
    expect(text).toMatch(/█+ 4\/4 nodes \|/);
    expect(text).toMatch(/✔ Run completed in .*: 4 nodes run/);
  });

  it('draws no bar and logs JSON lines with KEDRO_LOG_FORMAT=json; no bar on CI', () => {
    const json = stripAnsi(onTerminal(['run'], { KEDRO_LOG_FORMAT: 'json' }).output);
    expect(json).toMatch(/^\{"level":"info".*"msg":"Completed node: clean"\}$/m);
    expect(json).not.toContain('nodes |');
    const ci = stripAnsi(onTerminal(['run'], { CI: 'true' }).output);
    expect(ci).toMatch(/INFO \(kedro\.runner\): Completed node: clean/);
    expect(ci).not.toContain('nodes |');
    expect(ci).toContain('Run completed');
  });

  it('shows no colours with NO_COLOR', () => {
    const { output } = onTerminal(['run', '--nodes', 'clean'], { NO_COLOR: '1' });
    expect(output).not.toMatch(/\u001b\[3\dm/);
    expect(output).toContain('INFO (kedro.runner): Completed node: clean');
  });
});
