import { z } from 'zod';

/** An id from the renderer: non-empty and bounded, so a hostile payload cannot send megabytes as a key. */
export const Id = z.string().min(1).max(200);
/** Terminal geometry is bounded so a hostile payload cannot ask node-pty for a huge buffer. */
export const Cols = z.number().int().min(2).max(1000);
export const Rows = z.number().int().min(1).max(500);
/** A request with no fields. */
export const Empty = z.object({}).strict();
