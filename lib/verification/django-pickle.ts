/**
 * The bytes of `pickle.dumps(sorted((str(k), str(v)) for k, v in data.items()), protocol=4)`, which is
 * what django-rest-registration signs (`get_dict_repr`). Only what that expression produces is
 * supported: a list of 2-tuples of strings, well under pickle's 64 KiB frame size.
 */
const PROTO = 0x80;
const FRAME = 0x95;
const EMPTY_LIST = 0x5d;
const MEMOIZE = 0x94;
const MARK = 0x28;
const SHORT_BINUNICODE = 0x8c;
const BINUNICODE = 0x58;
const BINGET = 0x68;
const LONG_BINGET = 0x6a;
const TUPLE2 = 0x86;
const APPEND = 0x61;
const APPENDS = 0x65;
const STOP = 0x2e;
/** Python's pickler splits data into frames from this size on; signed data never gets near it. */
const FRAME_SIZE_TARGET = 64 * 1024;

/** Python's `sorted()` on `(str, str)` tuples: by code point, key first. */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i].codePointAt(0) ?? 0) - (right[i].codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** The pairs DRR signs, as Python sorts them. */
export function sortedStringPairs(data: Readonly<Record<string, unknown>>): Array<[string, string]> {
  const pairs = Object.entries(data).map(([key, value]): [string, string] => [key, String(value)]);
  return pairs.sort((a, b) => compareCodePoints(a[0], b[0]) || compareCodePoints(a[1], b[1]));
}

class Pickler {
  private readonly parts: Buffer[] = [];
  private memoSize = 0;
  /** CPython shares the objects of the empty and the one-character latin-1 strings, so they repeat as memo references. */
  private readonly shared = new Map<string, number>();

  byte(...values: number[]): void {
    this.parts.push(Buffer.from(values));
  }

  memoize(): number {
    this.byte(MEMOIZE);
    return this.memoSize++;
  }

  string(text: string): void {
    const cached = this.shared.get(text);
    if (cached !== undefined) {
      if (cached < 256) this.byte(BINGET, cached);
      else {
        const index = Buffer.alloc(5);
        index[0] = LONG_BINGET;
        index.writeUInt32LE(cached, 1);
        this.parts.push(index);
      }
      return;
    }
    const encoded = Buffer.from(text, 'utf8');
    if (encoded.length <= 0xff) this.byte(SHORT_BINUNICODE, encoded.length);
    else {
      const header = Buffer.alloc(5);
      header[0] = BINUNICODE;
      header.writeUInt32LE(encoded.length, 1);
      this.parts.push(header);
    }
    this.parts.push(encoded);
    const index = this.memoize();
    if (text.length === 0 || (text.length === 1 && text.charCodeAt(0) < 256)) this.shared.set(text, index);
  }

  body(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** The protocol-4 pickle of the sorted string pairs of `data`. */
export function pickleSortedPairs(data: Readonly<Record<string, unknown>>): Buffer {
  const pairs = sortedStringPairs(data);
  const pickler = new Pickler();
  pickler.byte(EMPTY_LIST);
  pickler.memoize();
  if (pairs.length > 1) pickler.byte(MARK);
  for (const [key, value] of pairs) {
    pickler.string(key);
    pickler.string(value);
    pickler.byte(TUPLE2);
    pickler.memoize();
  }
  if (pairs.length > 1) pickler.byte(APPENDS);
  else if (pairs.length === 1) pickler.byte(APPEND);
  pickler.byte(STOP);
  const body = pickler.body();
  if (body.length >= FRAME_SIZE_TARGET) throw new RangeError('Signed data is too large');
  const header = Buffer.alloc(11);
  header[0] = PROTO;
  header[1] = 4;
  header[2] = FRAME;
  header.writeBigUInt64LE(BigInt(body.length), 3);
  return Buffer.concat([header, body]);
}
