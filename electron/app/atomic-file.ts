// Atomic file replacement: write a temp file next to the target, then rename over it. A crash
// mid-write leaves the old file intact. Files are owner-only (0600): they hold personal data.
import { rename, unlink, writeFile } from 'node:fs/promises';

export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, content, { encoding: 'utf8', mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
