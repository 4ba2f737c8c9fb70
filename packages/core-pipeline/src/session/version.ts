/**
 * The version of this package, handed to hooks as `runParams.kedroVersion` and compared with a
 * project's `kedroMlflowInitVersion`. A constant (not a package.json read) so that bundles and the
 * worker threads need no file access; a test keeps it equal to package.json.
 */
export const CORE_PIPELINE_VERSION = '0.1.0';
