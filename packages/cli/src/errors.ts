/**
 * An error the CLI reports as one paragraph on stderr (exit code 1, no stack trace unless `-v`):
 * bad flags, bad option values, a missing project. Errors from the engine (KedroError and its
 * subclasses) are reported the same way.
 */
export class CliError extends Error {
  /** Process exit code. */
  readonly exitCode: number;

  constructor(message: string, options: { exitCode?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? 1;
  }
}
