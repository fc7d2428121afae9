import { Transform } from 'class-transformer';
import { failsWith } from '../login/serializer-fields.js';

/** DRF's `IntegerField.MAX_STRING_LENGTH`. */
const MAX_STRING_LENGTH = 1000;
/** DRF strips a decimal point followed by zeros (`re_decimal`) before calling Python's `int()`. */
const DECIMAL_TAIL = /\.0*\s*$/;
/** What Python's `int()` accepts (ASCII digits): a sign, digits, single underscores between digits. */
const PYTHON_INT = /^([+-]?)(\d+(?:_\d+)*)$/;
const CANONICAL = /^-?\d+$/;

/**
 * The canonical decimal text of what DRF's `IntegerField` makes of `value` (Python's `str(int(...))`),
 * or `undefined` when it refuses it.
 */
export function parsePythonInteger(value: unknown): string | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) return undefined;
    text = String(value);
  } else if (typeof value === 'string') {
    if (value.length > MAX_STRING_LENGTH) return undefined;
    text = value;
  } else return undefined;
  const match = PYTHON_INT.exec(text.replace(DECIMAL_TAIL, '').trim());
  if (!match) return undefined;
  const digits = match[2].replace(/_/g, '').replace(/^0+(?=\d)/, '');
  return match[1] === '-' && digits !== '0' ? `-${digits}` : digits;
}

type IntegerFieldKey = 'fieldRequired' | 'fieldNull' | 'fieldIntegerStringTooLong' | 'fieldNotAnInteger';

function integerFieldError(value: unknown): IntegerFieldKey | null {
  if (value === undefined) return 'fieldRequired';
  if (value === null) return 'fieldNull';
  if (typeof value === 'string' && value.length > MAX_STRING_LENGTH) return 'fieldIntegerStringTooLong';
  if (typeof value === 'string' && CANONICAL.test(value)) return null;
  return 'fieldNotAnInteger';
}

const INTEGER_FIELD_KEYS: readonly IntegerFieldKey[] = [
  'fieldRequired',
  'fieldNull',
  'fieldIntegerStringTooLong',
  'fieldNotAnInteger',
];

/**
 * A required integer validated as DRF's `IntegerField`: `1796216860`, `"1796216860"`, `" 17_9 "` and
 * `"12.0"` are integers; the property holds the canonical decimal text (`"1796216860"`), so integers of
 * any size keep their value. Booleans, fractions, lists and objects are "A valid integer is required.".
 */
export function IntegerField(): PropertyDecorator {
  const transform = Transform(({ value }: { value: unknown }) => parsePythonInteger(value) ?? value);
  // At most one of them fails for a value, so the field gets one message, as in DRF.
  const validators = INTEGER_FIELD_KEYS.map((key) => failsWith(key, (value) => integerFieldError(value) === key));
  return (target, key) => {
    transform(target, key as string);
    for (const validate of validators) validate(target, key as string);
  };
}
