/** Byte encodings the adapters share, on web APIs only (btoa, atob, TextEncoder), so every plane runs them. */

/** Standard base64 with padding. Chunked, so a large buffer does not pass too many arguments at once. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let at = 0; at < binary.length; at++) bytes[at] = binary.charCodeAt(at);
  return bytes;
}

/**
 * `text` as UTF-8 when it may be over `max` bytes and is, else undefined. Its length alone settles most
 * texts (a UTF-16 unit is at most three UTF-8 bytes), so one that clearly fits is never encoded.
 */
export function utf8Over(text: string, max: number): Uint8Array | undefined {
  if (text.length * 3 <= max) return undefined;
  const bytes = new TextEncoder().encode(text);
  return bytes.length > max ? bytes : undefined;
}
