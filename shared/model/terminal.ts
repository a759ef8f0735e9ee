import { z } from 'zod';

/** A live shell session on a real pty in main. */
export const TerminalSessionSchema = z.object({
  id: z.string(),
  shell: z.string(),
  pid: z.number().int(),
  cwd: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  state: z.enum(['running', 'exited']),
  exitCode: z.number().int().nullable(),
});
export type TerminalSession = z.infer<typeof TerminalSessionSchema>;
