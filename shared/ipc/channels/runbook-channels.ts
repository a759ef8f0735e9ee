import { z } from 'zod';
import { RunbookOriginSchema, RunbookSchema, RunbookSummarySchema } from '../../model/runbook';
import { TrustReviewSchema, TrustStatusSchema } from '../../runbook/trust-model';
import { Empty, Id } from './schema-parts';

/** A runbook in the list, with its trust state. */
export const LibraryEntrySchema = RunbookSummarySchema.extend({ trust: TrustStatusSchema });

/** A library folder and how it looked at the last scan. */
export const LibraryFolderSchema = z.object({
  path: z.string(),
  /** `bundled`: ships with Firebreak or given with --runbooks (cannot be removed here); `user`: added by the user. */
  origin: RunbookOriginSchema,
  state: z.enum(['ok', 'empty', 'missing', 'unreadable', 'truncated']),
  /** A sentence naming the folder, for every state but `ok`. */
  message: z.string().optional(),
  runbookCount: z.number().int(),
});

/** A folder path from the renderer: absolute, bounded. */
const FolderPath = z.string().min(1).max(4096);

const FoldersResponse = z.object({ folders: z.array(LibraryFolderSchema) });

/** Channels of the runbook library. Nothing here runs a step. */
export const runbookRequests = {
  /** Every runbook in the library, including ones with errors (never hidden), with trust state and folder states. */
  'runbooks:list': {
    request: Empty,
    response: z.object({
      runbooks: z.array(LibraryEntrySchema),
      /** Library-level problems, one sentence each, e.g. a missing runbooks folder. */
      problems: z.array(z.string()),
      folders: z.array(LibraryFolderSchema),
    }),
  },
  /** One runbook with its source, steps, diagnostics and trust state. Opening runs nothing. */
  'runbooks:get': {
    request: z.object({ id: Id }).strict(),
    response: RunbookSchema.extend({ trust: TrustStatusSchema }),
  },
  /** Ranked matches over title, id, tags, services, summary, headings and full text; every word must match. */
  'runbooks:search': {
    request: z.object({ query: z.string().max(500), limit: z.number().int().min(1).max(200).default(50) }).strict(),
    response: z.object({
      matches: z.array(
        z.object({
          id: z.string(),
          score: z.number(),
          /** Where it matched: title, id, tags, services, summary, headings, text. */
          fields: z.array(z.enum(['title', 'id', 'tags', 'services', 'summary', 'headings', 'text'])),
          /** The source line that best matches, trimmed (… marks a cut), with its 1-based line number. */
          snippet: z.object({ line: z.number().int(), text: z.string() }).optional(),
        }),
      ),
    }),
  },
  /** The library's folders (bundled first, then the user's) and their state. */
  'runbooks:folders': { request: Empty, response: FoldersResponse },
  /** Adds a folder (absolute path, must exist) to the library and remembers it; its runbooks need trust. */
  'runbooks:addFolder': { request: z.object({ path: FolderPath }).strict(), response: FoldersResponse },
  /** Forgets a folder the user added; its files are not touched. */
  'runbooks:removeFolder': { request: z.object({ path: FolderPath }).strict(), response: FoldersResponse },
  /** What the user must review before trusting: every command with line numbers, params, and the content hash. */
  'runbooks:trustReview': { request: z.object({ id: Id }).strict(), response: TrustReviewSchema },
  /**
   * Trusts the runbook at the content the review showed. Fails with
   * `conflict` when the file changed since the review (review again).
   */
  'runbooks:trust': {
    request: z.object({ id: Id, contentHash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
    response: z.object({
      trust: TrustStatusSchema,
      /** True when `runbook.trusted` is on the incident timeline. */
      recorded: z.boolean(),
      warning: z.string().optional(),
    }),
  },
  /** Withdraws trust from a user runbook. */
  'runbooks:untrust': { request: z.object({ id: Id }).strict(), response: z.object({ trust: TrustStatusSchema }) },
} as const;

export const runbookEvents = {
  /**
   * The library changed: files edited, added, renamed or deleted, a folder
   * added, removed, gone or back, or a trust decision. Ids are stable, so an
   * open runbook keeps its id; re-fetch it when its id is in `changed`.
   */
  'runbooks:changed': z.object({
    added: z.array(z.string()),
    removed: z.array(z.string()),
    changed: z.array(z.string()),
    foldersChanged: z.boolean(),
    /** Ids whose trust state changed through a decision (not through an edit). */
    trustChanged: z.array(z.string()),
  }),
} as const;
