import { z } from 'zod';

/** Version of the settings file layout; bumped only with a migration. */
export const SETTINGS_VERSION = 1;

/** A preference key: short and plain, so a hostile payload cannot use the file as a dump. */
export const PreferenceKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/, 'use letters, digits and . _ : / -');

/** Any JSON value: what the UI stores as a preference (theme, last profile per runbook, …). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema), z.record(z.string(), JsonValueSchema)]),
);

/** One trust decision: the user reviewed this file's commands when it had this content. */
export const TrustRecordSchema = z.object({
  /** SHA-256 (hex) of the file's bytes when trust was granted. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** UTC ISO-8601. */
  grantedAt: z.string(),
  grantedBy: z.string(),
});
export type TrustRecord = z.infer<typeof TrustRecordSchema>;

/** Everything Firebreak remembers between runs, in `settings.json` in the data folder. */
export const SettingsSchema = z.object({
  version: z.literal(SETTINGS_VERSION),
  /** Absolute paths of runbook folders the user added, in the order added. */
  runbookFolders: z.array(z.string().min(1)),
  /** Trust decisions, keyed by the runbook file's absolute path. */
  trust: z.record(z.string(), TrustRecordSchema),
  /** UI preferences, opaque to main. */
  preferences: z.record(PreferenceKeySchema, JsonValueSchema),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Settings of a first run. */
export function defaultSettings(): Settings {
  return { version: SETTINGS_VERSION, runbookFolders: [], trust: {}, preferences: {} };
}
