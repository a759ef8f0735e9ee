import { createRequire } from 'node:module';
import { Unavailable } from '../../shared/model/domain-errors';

type NodePty = typeof import('node-pty');

let cached: NodePty | undefined;

/**
 * node-pty is a native module: if it was built for another runtime (Node vs
 * Electron) or not built at all, say so in words instead of crashing main.
 * Hyper does the same.
 */
export function loadNodePty(): NodePty {
  if (cached) return cached;
  try {
    cached = createRequire(import.meta.url)('node-pty') as NodePty;
    return cached;
  } catch (error) {
    throw new Unavailable(
      `The terminal is unavailable: node-pty could not be loaded (${(error as Error).message.split('\n')[0]}). Run "node scripts/native-modules.mjs electron" (for the app) or "node scripts/native-modules.mjs node" (for the CLI) to rebuild it.`,
    );
  }
}
