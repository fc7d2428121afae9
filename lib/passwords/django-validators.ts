import type { PasswordProblems, PasswordValidator } from './password-validator.js';
import { quickRatio } from './sequence-matcher.js';
import { loadCommonPasswords } from './common-passwords.js';

/** Python's `len()`: code points, not UTF-16 units. */
function codePointLength(text: string): number {
  let length = 0;
  for (const _char of text) length++;
  return length;
}

/** An attribute the similarity validator compares with, and the name its message uses. */
export interface SimilarityAttribute {
  /** Property of the user object (`username`, `firstName`, ...). */
  property: string;
  /** Django's `verbose_name`, e.g. `first name`; default: the property name. */
  label?: string;
}

/**
 * Django's default attributes (`username`, `first_name`, `last_name`, `email`) with their verbose names,
 * under both Django's and the usual entity spelling (`firstName`, `lastName`).
 */
export const DEFAULT_SIMILARITY_ATTRIBUTES: readonly SimilarityAttribute[] = [
  { property: 'username', label: 'username' },
  { property: 'first_name', label: 'first name' },
  { property: 'firstName', label: 'first name' },
  { property: 'last_name', label: 'last name' },
  { property: 'lastName', label: 'last name' },
  { property: 'email', label: 'email address' },
];

/** Python's `re.split(r'\W+', value)` on a `str` (`\w`: Unicode letters, numbers and `_`). */
const NON_WORD = /[^\p{L}\p{N}_]+/u;

/**
 * Django's `UserAttributeSimilarityValidator`: the lower-cased password against each attribute value,
 * lower-cased, and each of its `\W+`-separated parts; `quick_ratio() >= maxSimilarity` fails with
 * "The password is too similar to the <verbose name>." and stops at the first similar attribute.
 * Values that are not non-empty strings are skipped, and so is the whole check without a user.
 */
export class UserAttributeSimilarityValidator implements PasswordValidator {
  private readonly attributes: readonly SimilarityAttribute[];
  private readonly maxSimilarity: number;

  constructor(options: { attributes?: readonly (string | SimilarityAttribute)[]; maxSimilarity?: number } = {}) {
    this.attributes = (options.attributes ?? DEFAULT_SIMILARITY_ATTRIBUTES).map((attribute) =>
      typeof attribute === 'string' ? { property: attribute } : attribute,
    );
    this.maxSimilarity = options.maxSimilarity ?? 0.7;
  }

  validate(password: string, user?: object): PasswordProblems {
    if (!user) return [];
    const lower = password.toLowerCase();
    const passwordLength = codePointLength(lower);
    for (const { property, label } of this.attributes) {
      const value: unknown = (user as Record<string, unknown>)[property];
      if (typeof value !== 'string' || value === '') continue;
      const valueLower = value.toLowerCase();
      for (const part of [...valueLower.split(NON_WORD), valueLower]) {
        // Django's `exceeds_maximum_length_ratio`: such a part can never reach the bound; skip the work.
        const partLength = codePointLength(part);
        if (passwordLength >= 10 * partLength && partLength < (this.maxSimilarity / 2) * passwordLength) continue;
        if (quickRatio(lower, part) >= this.maxSimilarity)
          return [{ key: 'passwordTooSimilar', params: { verbose_name: label ?? property } }];
      }
    }
    return [];
  }
}

/** Django's `MinimumLengthValidator`: at least `minLength` characters (code points), default 8. */
export class MinimumLengthValidator implements PasswordValidator {
  constructor(private readonly minLength = 8) {}

  validate(password: string): PasswordProblems {
    return codePointLength(password) < this.minLength
      ? [{ key: 'passwordTooShort', params: { min_length: this.minLength } }]
      : [];
  }
}

/**
 * Django's `CommonPasswordValidator`: the password, lower-cased and with surrounding white space
 * removed for the comparison only, must not be in the list (see `loadCommonPasswords`).
 */
export class CommonPasswordValidator implements PasswordValidator {
  private passwords?: Promise<ReadonlySet<string>>;

  /** Without a list: the 10,000 of `loadCommonPasswords()`, read at the first check. */
  constructor(private readonly list?: Iterable<string>) {}

  async validate(password: string): Promise<PasswordProblems> {
    this.passwords ??= Promise.resolve(this.list ?? loadCommonPasswords()).then(
      (list) => new Set([...list].map((entry) => entry.trim().toLowerCase())),
    );
    return (await this.passwords).has(password.toLowerCase().trim()) ? [{ key: 'passwordTooCommon' }] : [];
  }
}

/** Django's `NumericPasswordValidator`: Python's `str.isdigit()` (decimal digits of any script). */
export class NumericPasswordValidator implements PasswordValidator {
  validate(password: string): PasswordProblems {
    return /^\p{Nd}+$/u.test(password) ? [{ key: 'passwordEntirelyNumeric' }] : [];
  }
}

/** Django's four default validators, in `AUTH_PASSWORD_VALIDATORS` order. */
export function defaultPasswordValidators(): PasswordValidator[] {
  return [
    new UserAttributeSimilarityValidator(),
    new MinimumLengthValidator(8),
    new CommonPasswordValidator(),
    new NumericPasswordValidator(),
  ];
}
