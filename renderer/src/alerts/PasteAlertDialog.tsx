import { useState } from 'react';
import { MAX_ALERT_PAYLOAD_BYTES, utf8Length } from '../../../shared/alerts/parse-alert';
import { call } from '../ipc/bridge';
import { RecordModal } from '../incidents/RecordModal';
import { openRunbookWithValues, pasteAlert, useAlertUi, type PageResponse } from './alert-ui';

/**
 * Paste alert: an Alertmanager webhook body, `amtool alert query -o json`
 * output or one alert declares the incident (or joins the open one), and
 * the runbooks that answer it are offered with their reasons and the
 * values their labels fill. Opening one fills the form; nothing runs.
 */
export function PasteAlertDialog() {
  const close = () => useAlertUi.getState().open(null);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<PageResponse | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (busy) return;
    const size = utf8Length(text);
    if (size > MAX_ALERT_PAYLOAD_BYTES) {
      setError(`The alert payload is ${size} bytes; the limit is ${MAX_ALERT_PAYLOAD_BYTES} bytes (1 MiB).`);
      return;
    }
    setBusy(true);
    setError(null);
    const outcome = await pasteAlert(text);
    setBusy(false);
    if (outcome.ok) setResult(outcome.result);
    else setError(outcome.message);
  };

  const open = async (index: number) => {
    const suggestion = result?.suggestions[index];
    if (!suggestion) return;
    close();
    await openRunbookWithValues({ runbookId: suggestion.runbookId, profile: null, values: suggestion.params.values, errors: suggestion.params.errors, origin: 'alert' });
  };

  return (
    <RecordModal label="Paste alert" onClose={close} wide>
      <div className="record-form paste-alert">
        <h2>Paste alert</h2>
        {!result && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <label className="field">
              <span>Alertmanager webhook JSON, amtool -o json output, or one alert</span>
              <textarea
                autoFocus
                rows={14}
                spellCheck={false}
                value={text}
                aria-label="Alert payload"
                onChange={(event) => setText(event.target.value)}
                placeholder='{"version":"4","status":"firing","alerts":[{"labels":{"alertname":"…"}}]}'
              />
            </label>
            {error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            <div className="form-actions">
              <button type="button" className="button ghost" onClick={close}>
                Cancel
              </button>
              <button type="submit" className="button primary" disabled={busy || !text.trim()}>
                Declare from alert
              </button>
            </div>
          </form>
        )}
        {result && (
          <div className="paste-result">
            <p data-testid="page-message">{result.message}</p>
            {result.suggestedMitigatedAt && result.incident && (
              <p className="muted">
                The alert resolved at {result.suggestedMitigatedAt}. If the impact ended then:{' '}
                <button
                  type="button"
                  className="button small"
                  onClick={() => {
                    const { incident, suggestedMitigatedAt } = result;
                    if (!incident || !suggestedMitigatedAt) return;
                    void call('incident:set-moment', { incidentId: incident.id, moment: 'mitigated', at: suggestedMitigatedAt })
                      .then(() => setResult({ ...result, suggestedMitigatedAt: null }))
                      .catch((failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)));
                  }}
                >
                  Set as the mitigation time
                </button>
              </p>
            )}
            {result && error && (
              <p className="form-error" role="alert">
                {error}
              </p>
            )}
            {result.warnings.length > 0 && (
              <ul className="muted">
                {result.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            )}
            {result.suggestions.length === 0 ? (
              <p>No runbook declares this alert. Search the library with /.</p>
            ) : (
              <ol className="suggestions" aria-label="Suggested runbooks">
                {result.suggestions.map((suggestion, index) => (
                  <li key={suggestion.runbookId}>
                    <button type="button" className="button" onClick={() => void open(index)}>
                      Open {suggestion.title}
                    </button>
                    <ul className="muted">
                      {suggestion.reasons.map((reason) => (
                        <li key={reason}>why: {reason}</li>
                      ))}
                      {Object.entries(suggestion.params.values).map(([name, value]) => (
                        <li key={name}>
                          fills {name} = <code>{value}</code> (from label {suggestion.params.sources[name]})
                        </li>
                      ))}
                      {Object.entries(suggestion.params.errors).map(([name, problem]) => (
                        <li key={name} className="param-error">
                          {name} not filled: {problem}
                        </li>
                      ))}
                    </ul>
                  </li>
                ))}
              </ol>
            )}
            <p className="muted">Nothing runs until you run a step.</p>
          </div>
        )}
      </div>
    </RecordModal>
  );
}
