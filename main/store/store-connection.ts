import type Database from 'better-sqlite3';
import type { EventStore } from './event-store';

/**
 * The raw better-sqlite3 connection behind an {@link EventStore}, for the
 * repositories in main/store and nothing else: SQL and the connection live
 * only in this folder. EventStore keeps its connection in an ES private
 * field (not reachable as `store.db` or `store['db']`) and registers it here;
 * eslint.config.mjs refuses an import of this module from outside main/store
 * (proved in scripts/layering.test.ts).
 */
const connections = new WeakMap<EventStore, Database.Database>();

/** Called once, by EventStore's constructor. */
export function registerConnection(store: EventStore, db: Database.Database): void {
  if (connections.has(store)) throw new Error('This EventStore already has its connection.');
  connections.set(store, db);
}

/** The connection `store` reads and writes through. */
export function connectionOf(store: EventStore): Database.Database {
  const db = connections.get(store);
  if (!db) throw new Error('This EventStore has no connection (it was not made by its constructor).');
  return db;
}
