import { ParseError } from '../errors/exceptions.js';

/** Deeper than any login or logout body needs, far below what class-transformer's recursion survives. */
export const MAX_BODY_DEPTH = 32;

/**
 * Throws `ParseError` (400 `JSON parse error - Nested deeper than 32 levels`) for a body nested deeper than `MAX_BODY_DEPTH`,
 * walking it without recursion: validation recurses into nested values, and thousands of levels
 * (a few kB of `[`) overflow the stack, a 500.
 */
export function assertShallow(body: unknown, maxDepth = MAX_BODY_DEPTH): void {
  const stack: Array<[unknown, number]> = [[body, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxDepth) {
      throw new ParseError({ key: 'parseErrorTooDeep', params: { depth: maxDepth } });
    }
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
}
