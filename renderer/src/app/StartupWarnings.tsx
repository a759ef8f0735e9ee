import { useEffect, useState } from 'react';
import { call } from '../ipc/bridge';

/**
 * Problems found at start-up (a database moved aside, one that could not be
 * opened) stay on screen until dismissed: a responder must know the record
 * is at risk before relying on it.
 */
export function StartupWarnings() {
  const [warnings, setWarnings] = useState<string[]>([]);
  useEffect(() => {
    call('app:info', {})
      .then((info) => setWarnings(info.warnings))
      .catch(() => {});
  }, []);
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
