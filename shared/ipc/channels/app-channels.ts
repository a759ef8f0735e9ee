import { z } from 'zod';
import { Empty } from './schema-parts';

/** Channels about the app itself. */
export const appRequests = {
  /** Version, where data lives, which host is serving, and start-up warnings. */
  'app:info': {
    request: Empty,
    response: z.object({
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      dataDir: z.string(),
      databasePath: z.string(),
      runbookDirs: z.array(z.string()),
      user: z.string(),
      platform: z.string(),
      /** Problems found at start-up the user must know about (e.g. database moved aside). */
      warnings: z.array(z.string()),
    }),
  },
} as const;

export const appEvents = {} as const;
