import { z } from 'zod';
import type { PartialRecord } from '../data/storage.js';

/** A resume record as stored on disk: read back after a crash, so checked like any input. */
const PartialRecordSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  name: z.string().min(1).max(1024),
  size: z.number().int().min(0),
  type: z.string().max(255),
  key: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/),
  from: z.string().max(200),
  createdAt: z.number().int().min(0),
});

/** The record in `text`, or null when it is not one (truncated by a crash, edited by hand). */
export function readPartialRecord(text: string): PartialRecord | null {
  try {
    const parsed = PartialRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
