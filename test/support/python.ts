import { spawnSync } from 'node:child_process';

/** Why tests that compare with Python's standard library are skipped, or `false` when python3 runs. */
export const pythonMissing: string | false = (() => {
  const probe = spawnSync('python3', ['-c', 'import sys; print(sys.version_info[0])'], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === '3' ? false : 'python3 is not installed';
})();

/** Runs a Python 3 script with `input` as JSON on stdin and returns its stdout parsed as JSON. */
export function python<T>(script: string, input: unknown): T {
  const result = spawnSync('python3', ['-c', script], { input: JSON.stringify(input), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python3 failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}
