// A child process of file-lock.test.ts, using the compiled lock module.
// argv: compiled source dir, lock path, action, [counter file, n]
//   count: n times, under withFileLock, read the counter file, yield, write it + 1; prints "done".
//   hold:  takes the lock with tryFileLock, prints "held" (or "busy") and stays alive until killed.
import { readFileSync, writeFileSync } from 'node:fs';
const [srcDir, lockPath, action, counterPath, n] = process.argv.slice(2);
const { tryFileLock, withFileLock } = await import(`${srcDir}/src/file-lock.js`);

if (action === 'count') {
  for (let i = 0; i < Number(n); i += 1) {
    await withFileLock(lockPath, async () => {
      const value = Number(readFileSync(counterPath, 'utf8'));
      await new Promise((r) => setImmediate(r)); // let others try while we hold it
      writeFileSync(counterPath, String(value + 1));
    });
  }
  process.stdout.write('done\n');
} else if (action === 'hold') {
  const release = tryFileLock(lockPath);
  process.stdout.write(release === undefined ? 'busy\n' : 'held\n');
  setInterval(() => undefined, 1000);
} else {
  throw new Error(`unknown action ${action}`);
}
