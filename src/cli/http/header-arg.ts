/** `--header "Name: value"`: one request header from the command line, checked like node:http checks it. */

/** A header name: an RFC 9110 token. */
const NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses `Name: value`; a RangeError (a usage error at the CLI) when it is not one.
 *
 * @example
 * headerArg('Authorization: Bearer abc'); // ['authorization', 'Bearer abc']
 */
export function headerArg(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (colon < 0 || !NAME.test(name) || /[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) {
    throw new RangeError(`expected "Name: value", got ${JSON.stringify(text)}`);
  }
  return [name.toLowerCase(), value];
}
