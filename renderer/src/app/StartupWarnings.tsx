import { useEffect, useState } from 'react';
import { call, onConnectionChange } from '../ipc/bridge';

/**
 * Problems the responder must know about before relying on the app stay on
 * screen: start-up warnings (a database moved aside, one that could not be
 * opened) until dismissed, and a browser page whose access to the host has
 * ended for good, which cannot be dismissed.
 */
export function StartupWarnings() {
  const [warnings, setWarnings] = useState<string[]>([]);
  const [accessEnded, setAccessEnded] = useState<string | null>(null);
  useEffect(() => {
    call('app:info', {})
      .then((info) => setWarnings(info.warnings))
      .catch(() => {});
    return onConnectionChange((_connected, ended) => {
      if (ended) setAccessEnded(ended);
    });
  }, []);
  if (accessEnded) {
    return (
      <div className="startup-warnings" role="alert" data-testid="host-access-ended">
        <p>⚠ {accessEnded}</p>
      </div>
    );
  }
  if (!warnings.length) return null;
  return (
    <div className="startup-warnings" role="alert" data-testid="startup-warnings">
      {warnings.map((warning) => (
        <p key={warning}>⚠ {warning}</p>
      ))}
      <button type="button" className="button ghost" onClick={() => setWarnings([])}>
        Dismiss
      </button>
    </div>
  );
}
