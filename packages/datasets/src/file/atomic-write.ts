/**
 * Writes a file so that readers see either the previous content or the new one, never a part: the
 * bytes go to a temporary file beside the target, which is flushed and renamed over it
 * (write-file-atomic; its temporary file is removed if the write fails or the process exits).
 */
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import writeFileAtomic from 'write-file-atomic';

export async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const bytes = typeof data === 'string' || Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  await writeFileAtomic(path, bytes);
}
