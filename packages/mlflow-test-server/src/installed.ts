/**
 * What the integration tests do when a real server they need is not installed: they fail, naming it
 * and the set-up script that installs it. A skipped test is not a passing one, and `pnpm test` runs
 * every set-up script first (scripts/test.mjs), so a missing server means a set-up that failed.
 * Returns true when it is installed (the `available() ? describe : …` call sites keep working).
 */
export function installedOrFail(what: string, found: boolean, setupHint: string): true {
  if (found) return true;
  throw new Error(`${what} is not installed, so the tests that need it cannot run: ${setupHint}. (\`pnpm test\` runs the set-up scripts; see the failure it printed.)`);
}
