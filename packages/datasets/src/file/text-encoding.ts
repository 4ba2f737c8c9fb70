/** Bytes ↔ text for the text formats, with the `encoding` of `load_args` / `save_args`. */

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 is checked (a binary file is reported, not turned into replacement characters). */
export function decodeText(bytes: Uint8Array, encoding: BufferEncoding = 'utf8'): string {
  const utf8 = encoding === 'utf8' || encoding === 'utf-8';
  const text = utf8 ? fatalUtf8.decode(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function encodeText(text: string, encoding: BufferEncoding = 'utf8'): Buffer {
  return Buffer.from(text, encoding);
}
