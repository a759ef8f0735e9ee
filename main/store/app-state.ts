import type Database from 'better-sqlite3';

/** Reads one persisted app-state value (schema 3+), or undefined when unset. */
export function readAppState(db: Database.Database, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM app_state WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

/** Writes (or replaces) one persisted app-state value. */
export function writeAppState(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}
