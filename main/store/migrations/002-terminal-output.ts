/**
 * Schema version 2: every raw byte every terminal session produced, in
 * order, for replay and export. Owned by the execution engine
 * (main/terminal/output-recorder.ts writes it). Never edit a shipped
 * migration; add the next number instead.
 */
export const migration002 = {
  version: 2,
  name: 'terminal-output',
  sql: `
    -- One row per batch of pty output. bytes are exactly what the pty
    -- produced (never decoded), so multi-byte characters may straddle rows;
    -- concatenating a session's rows in seq order gives its whole output.
    CREATE TABLE terminal_output (
      session_id  TEXT NOT NULL,
      -- The step run whose command was running while these bytes arrived,
      -- NULL for the prompt, typed commands and unintegrated sessions.
      run_id      TEXT,
      seq         INTEGER NOT NULL,
      ts          TEXT NOT NULL,
      bytes       BLOB NOT NULL,
      PRIMARY KEY (session_id, seq)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX terminal_output_by_run ON terminal_output(run_id) WHERE run_id IS NOT NULL;
  `,
} as const;
