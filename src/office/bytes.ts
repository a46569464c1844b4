/** Sizes as Excel on the web counts them for its 5 MB request and response limit. */

// eslint-disable-next-line no-control-regex -- the point is to find any character past ASCII.
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Bytes of `text` in UTF-8: Excel on the web's limit counts bytes, and a trend
 * arrow or an en dash is one JavaScript character but three bytes.
 */
export function utf8Bytes(text: string): number {
  // Most text is ASCII: one native scan answers, and only other text is counted character by character.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/** Bytes of a value as JSON in UTF-8: what it adds to a request or a response. */
export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value) ?? "");
}
