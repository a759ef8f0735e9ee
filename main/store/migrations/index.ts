import { migration001 } from './001-initial';
import { migration002 } from './002-terminal-output';
import { migration003 } from './003-incident-record';
import { migration004 } from './004-typed-events';
import { migration005 } from './005-team-sync';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration in order. The last one's version is the schema this build writes. */
export const migrations: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005];

export const LATEST_SCHEMA_VERSION = migrations[migrations.length - 1]!.version;
