import type { terminalRequests } from '../../../shared/ipc/channels/terminal-channels';
import type { TerminalService } from '../../terminal/terminal-service';
import type { HandlersFor } from '../contract-router';

/** The terminal:* channels over the terminal service. */
export function terminalHandlers(terminals: TerminalService): HandlersFor<typeof terminalRequests> {
  return {
    'terminal:open': ({ cols, rows, shell, incidentId }) => terminals.open(cols, rows, { ...(shell ? { shell } : {}), ...(incidentId ? { incidentId } : {}) }),
    'terminal:shells': () => terminals.availableShells(),
    'terminal:restart': ({ sessionId }) => terminals.restart(sessionId),
    'terminal:list': () => terminals.list(),
    'terminal:attach': ({ sessionId }) => terminals.attach(sessionId),
    'terminal:input': ({ sessionId, data }) => {
      terminals.write(sessionId, data);
      return {};
    },
    'terminal:resize': ({ sessionId, cols, rows }) => {
      terminals.resize(sessionId, cols, rows);
      return {};
    },
    'terminal:ack': ({ sessionId, chars }) => {
      terminals.acknowledge(sessionId, chars);
      return {};
    },
    'terminal:close': ({ sessionId }) => {
      terminals.close(sessionId);
      return {};
    },
  };
}
