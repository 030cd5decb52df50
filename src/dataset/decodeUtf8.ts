/** Text of a manifest plus the 1-based numbers of lines whose bytes are not valid UTF-8. */
export interface DecodedText {
  /** The text with a leading byte-order mark removed; invalid bytes become U+FFFD. */
  text: string;
  invalidLines: number[];
}

const NEWLINE = 0x0a;

/**
 * Decodes a file's bytes as UTF-8 and names every line with invalid bytes. A fatal decoder is tried
 * on the whole buffer first (the common, valid case costs one pass); only on failure is each line
 * decoded separately to find the bad ones, so a report can name them all at once.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const invalidLines: number[] = [];
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const fatal = new TextDecoder('utf-8', { fatal: true });
    let lineNumber = 1;
    let lineStart = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || bytes[i] === NEWLINE) {
        try {
          fatal.decode(bytes.subarray(lineStart, i));
        } catch {
          invalidLines.push(lineNumber);
        }
        lineNumber++;
        lineStart = i + 1;
      }
    }
  }
  // ignoreBOM false (the default) strips a leading byte-order mark.
  const text = new TextDecoder('utf-8').decode(bytes);
  return { text, invalidLines };
}
