/**
 * One progress bar for a run, advancing once per node, drawn on stderr when it is a terminal (never
 * in pipes or CI). While it is shown, logs are written above it through the terminal's sink.
 */
import { createRequire } from 'node:module';
import type { Terminal } from './terminal.js';

interface Bar {
  update(value: number, payload?: Record<string, unknown>): void;
  increment(step?: number, payload?: Record<string, unknown>): void;
  setTotal(total: number): void;
}

interface MultiBarLike {
  create(total: number, start: number, payload?: Record<string, unknown>): Bar;
  log(text: string): void;
  update(): void;
  stop(): void;
}

export interface Progress {
  start(total: number): void;
  /** The node being worked on now. */
  running(nodeName: string): void;
  /** One more node done. */
  completed(nodeName: string): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { start() {}, running() {}, completed() {}, stop() {} };

/** Whether a bar should be drawn: stderr is a terminal, not CI, logs are not JSON lines. */
export function progressWanted(terminal: Terminal, prettyLogs: boolean): boolean {
  const ci = process.env.CI;
  return terminal.isTTY && prettyLogs && (ci === undefined || ci === '' || ci === '0' || ci === 'false') && process.env.TERM !== 'dumb';
}

export function createProgress(terminal: Terminal, enabled: boolean): Progress {
  if (!enabled) return NO_PROGRESS;
  let multi: MultiBarLike | undefined;
  let bar: Bar | undefined;
  let done = 0;
  let current = '';
  const started = performance.now();
  let onInterrupt: (() => void) | undefined;
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
  const progress: Progress = {
    start(total) {
      // Loaded only when a bar is drawn.
      const cliProgress = createRequire(import.meta.url)('cli-progress') as {
        MultiBar: new (options: Record<string, unknown>) => MultiBarLike;
      };
      multi = new cliProgress.MultiBar({
        stream: process.stderr,
        format: `{bar} {value}/{total} nodes | {elapsed} | {node}`,
        barCompleteChar: '█',
        barIncompleteChar: '░',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: true,
        gracefulExit: false, // our own SIGINT handler restores the terminal and exits
        autopadding: true,
        etaBuffer: 1,
        linewrap: false,
      });
      bar = multi.create(Math.max(total, 1), 0, { node: '', elapsed: elapsed() });
      const target = multi;
      // Ctrl-C while the bar is drawn: put the cursor back, then end like an interrupted process.
      onInterrupt = () => {
        progress.stop();
        terminal.write('Interrupted.\n');
        process.exit(130);
      };
      process.once('SIGINT', onInterrupt);
      process.once('SIGTERM', onInterrupt);
      terminal.setSink({
        log(text) {
          target.log(text.endsWith('\n') ? text : `${text}\n`);
          target.update();
        },
      });
    },
    running(nodeName) {
      current = nodeName;
      bar?.update(done, { node: current, elapsed: elapsed() });
    },
    completed(nodeName) {
      done += 1;
      if (current === nodeName) current = '';
      bar?.update(done, { node: current, elapsed: elapsed() });
    },
    stop() {
      if (onInterrupt !== undefined) {
        process.removeListener('SIGINT', onInterrupt);
        process.removeListener('SIGTERM', onInterrupt);
        onInterrupt = undefined;
      }
      if (multi === undefined) return;
      terminal.setSink(undefined);
      multi.update(); // flush logs still buffered above the bar
      multi.stop();
      multi = undefined;
      bar = undefined;
    },
  };
  return progress;
}
