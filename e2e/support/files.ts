import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import type { Participant } from './browsers.js';

/** Opens the chat and files panel (idempotent). */
export async function openChat(person: Participant): Promise<void> {
  const panel = person.page.getByTestId('chat-panel');
  if (await panel.isVisible()) return;
  await person.page.getByTestId('chat-toggle').click();
  await expect(panel).toBeVisible();
}

export async function sendChat(person: Participant, text: string): Promise<void> {
  await person.page.getByTestId('chat-input').fill(text);
  await person.page.getByTestId('chat-send').click();
}

/** Every chat message shown on a page, in display order. */
export async function readChat(page: Page): Promise<Array<{ id: string; from: string; seq: number; name: string; text: string }>> {
  return page.getByTestId('chat-message').evaluateAll((items) =>
    items.map((item) => ({
      id: item.getAttribute('data-message-id') ?? '',
      from: item.getAttribute('data-from') ?? '',
      seq: Number(item.getAttribute('data-seq')),
      name: item.querySelector('.chat__name')?.textContent ?? '',
      text: item.querySelector('[data-testid="chat-text"]')?.textContent ?? '',
    })),
  );
}

/** A file of random bytes on disk, and its SHA-256. Written in 1 MiB pieces (bounded memory). */
export interface RandomFile {
  path: string;
  size: number;
  sha256: string;
  cleanup(): Promise<void>;
}

export async function randomFile(name: string, size: number): Promise<RandomFile> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-e2e-files-'));
  const path = join(dir, name);
  const hash = createHash('sha256');
  const handle = await open(path, 'w');
  try {
    for (let written = 0; written < size;) {
      const piece = randomBytes(Math.min(1024 * 1024, size - written));
      hash.update(piece);
      await handle.write(piece);
      written += piece.length;
    }
  } finally {
    await handle.close();
  }
  return { path, size, sha256: hash.digest('hex'), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function sha256OfFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Offers files through the panel's file picker (hidden <input type=file>). */
export async function offerFiles(person: Participant, files: Parameters<Locator['setInputFiles']>[0]): Promise<void> {
  await openChat(person);
  await person.page.getByTestId('file-input').setInputFiles(files);
}

/** Clicks Save on a verified incoming file and returns the SHA-256 of what the browser downloaded. */
export async function saveAndHash(person: Participant, transfer: Locator): Promise<{ sha256: string; name: string }> {
  const [download] = await Promise.all([person.page.waitForEvent('download'), transfer.getByTestId('file-save').click()]);
  const path = await download.path();
  return { sha256: await sha256OfFile(path), name: download.suggestedFilename() };
}

/** Numeric data-* attributes of a transfer element. */
export async function transferNumbers(
  item: Locator,
): Promise<{ size: number; bytes: number; bytesOnWire: number; resumes: number; state: string }> {
  return item.evaluate((element) => ({
    size: Number(element.getAttribute('data-size')),
    bytes: Number(element.getAttribute('data-bytes')),
    bytesOnWire: Number(element.getAttribute('data-bytes-on-wire')),
    resumes: Number(element.getAttribute('data-resumes')),
    state: element.getAttribute('data-state') ?? '',
  }));
}

/** The transfer element (any state) of the file called `name` on a page. */
export function transferItem(page: Page, name: string): Locator {
  return page.locator(`[data-transfer-id][data-file-name="${name.replace(/["\\]/g, '\\$&')}"]`);
}
