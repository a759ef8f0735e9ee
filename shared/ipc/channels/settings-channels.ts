import { z } from 'zod';
import { Empty } from './schema-parts';

/** A preference key: letters, digits and . _ : / - (e.g. `theme`, `lastProfile/database-outage`). */
const PreferenceKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]*$/);

/** Any JSON value. */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
const JsonValue: z.ZodType<Json> = z.lazy(() => z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(JsonValue), z.record(z.string(), JsonValue)]));

/** UI preferences, kept durably in the data folder's settings.json. Main does not interpret them. */
export const settingsRequests = {
  /** Every preference. */
  'settings:preferences': { request: Empty, response: z.object({ preferences: z.record(z.string(), JsonValue) }) },
  /** One preference; `found: false` when it was never set. */
  'settings:getPreference': {
    request: z.object({ key: PreferenceKey }).strict(),
    response: z.object({ found: z.boolean(), value: JsonValue.optional() }),
  },
  /** Sets a preference (at most 64 KiB as JSON); omit `value` to remove it. */
  'settings:setPreference': {
    request: z.object({ key: PreferenceKey, value: JsonValue.optional() }).strict(),
    response: z.object({}),
  },
} as const;

export const settingsEvents = {
  /** A preference was set or removed (by any window or tab). */
  'settings:preferenceChanged': z.object({ key: z.string(), found: z.boolean(), value: JsonValue.optional() }),
} as const;
