/** Values a message may use as `{name}` placeholders. */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * One message: a text with `{name}` placeholders, or a function of the placeholders' values (for
 * languages whose plural forms a template cannot express).
 */
export type MessageTemplate = string | ((params: MessageParams) => string);
