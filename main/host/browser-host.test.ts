import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { EventOf } from '../../shared/ipc/contract';
import { SOCKET_PATH } from '../../shared/ipc/socket-protocol';
import { waitUntil } from '../drills/wait-until';
import { HIGH_WATERMARK_CHARS } from '../terminal/flow-control';
import { createTestApp, disposeTestApps } from '../testing/test-app';
import { inProcessEngine } from '../engine/engine-connection';
import { startBrowserHost } from './browser-host';

afterAll(disposeTestApps);

describe('browser host', () => {
  it('when the last tab disconnects, a shell paused for want of acknowledgements runs on to the end', async () => {
    const { services, root, home } = createTestApp({ name: 'host', prompt: 'host$', services: { watchRunbooks: false } });
    const renderer = path.join(root, 'renderer');
    fs.mkdirSync(renderer);
    const big = path.join(home, 'big.txt');
    fs.writeFileSync(big, `${'0123456789'.repeat(9)}\n`.repeat(30_000));
    let output = '';
    services.hub.subscribe((channel, payload) => {
      if (channel === 'terminal:output') output += (payload as EventOf<'terminal:output'>).data;
    });
    const host = await startBrowserHost({ engine: inProcessEngine(services), rendererDir: renderer, port: 0 });
    try {
      // A tab that never acknowledges what it drew (as one whose socket is about to drop).
      const ws = new WebSocket(`ws://127.0.0.1:${host.port}${SOCKET_PATH}?token=${host.token}`, { headers: { Origin: `http://127.0.0.1:${host.port}` } });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      const sessionId = await new Promise<string>((resolve) => {
        ws.on('message', (raw: Buffer) => {
          const frame = JSON.parse(raw.toString()) as { type: string; id?: number; envelope?: { ok: boolean; value?: { id: string } } };
          if (frame.type === 'result' && frame.id === 1 && frame.envelope?.ok) resolve(frame.envelope.value!.id);
        });
        ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'terminal:open', payload: { cols: 80, rows: 24 } }));
      });
      await waitUntil(() => (output.includes('host$') ? true : undefined), 10_000, () => 'no prompt');
      services.terminals.write(sessionId, `cat ${big}; echo "end-of-$((6*7))"\r`);
      await waitUntil(() => (output.length > HIGH_WATERMARK_CHARS ? true : undefined), 10_000, () => 'no output');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(output).not.toContain('end-of-42');
      ws.close();
      await waitUntil(() => (output.includes('end-of-42') ? true : undefined), 20_000, () => `the shell stayed paused with no tab connected (${output.length} chars)`);
    } finally {
      await host.close();
      await services.shutdown();
    }
  }, 60_000);
});
