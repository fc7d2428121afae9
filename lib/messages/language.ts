/** One entry of an `Accept-Language` header. */
interface Requested {
  tag: string;
  q: number;
  order: number;
}

function parseAcceptLanguage(header: string): Requested[] {
  const entries: Requested[] = [];
  header.split(',').forEach((part, order) => {
    const [range, ...parameters] = part.trim().split(';');
    const tag = range.trim().toLowerCase();
    if (!tag || tag === '*' || !/^[a-z]{1,8}(-[a-z0-9]{1,8})*$/.test(tag)) return;
    let q = 1;
    for (const parameter of parameters) {
      const [name, value] = parameter.split('=').map((text) => text.trim());
      if (name === 'q') q = Number(value);
    }
    if (Number.isFinite(q) && q > 0 && q <= 1) entries.push({ tag, q, order });
  });
  return entries.sort((a, b) => b.q - a.q || a.order - b.order);
}

/**
 * The configured language (lower-case) that best serves `wanted`, an `Accept-Language` value or a single
 * tag: by preference, an exact tag, else the requested tag's base language (`de-AT` -> `de`), else a
 * regional variant of a requested base language (`pt` -> `pt-br`). `undefined` when none fits.
 */
export function pickLanguage(wanted: string, configured: Iterable<string>): string | undefined {
  const available = [...configured];
  for (const { tag } of parseAcceptLanguage(wanted.slice(0, 1000))) {
    if (available.includes(tag)) return tag;
    const base = tag.split('-')[0];
    if (available.includes(base)) return base;
    const variant = available.find((language) => language.split('-')[0] === base);
    if (variant !== undefined) return variant;
  }
  return undefined;
}
