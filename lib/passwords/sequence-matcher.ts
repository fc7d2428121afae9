/**
 * `difflib.SequenceMatcher(a=a, b=b).quick_ratio()` of Python, over code points: `2 * M / T` where
 * M counts the elements of `a` matched by an unused equal element of `b` (multiset intersection) and T
 * is the sum of both lengths; 1.0 when both are empty. This upper bound of `ratio()` is all Django's
 * `UserAttributeSimilarityValidator` computes (it never calls `ratio()`, so difflib's junk heuristic,
 * which only `ratio()` and the matching blocks use, does not enter the result).
 */
export function quickRatio(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  const available = new Map<string, number>();
  for (const element of right) available.set(element, (available.get(element) ?? 0) + 1);
  let matches = 0;
  for (const element of left) {
    const count = available.get(element) ?? 0;
    available.set(element, count - 1);
    if (count > 0) matches++;
  }
  const length = left.length + right.length;
  return length ? (2.0 * matches) / length : 1.0;
}
