import { useMemo, useState } from 'react';
import type { Runbook } from '../../../shared/model/runbook';
import { useAppStore } from '../store/app-store';
import { currentParams, effectiveProfile, paramOverrides, runContextKey } from '../store/run-context-slice';

/**
 * The profile picker and the params of a runbook, validated as you type.
 * Values reach the shell as exported environment variables, never pasted
 * into commands. Secrets are masked and live only in memory.
 */
export function ParamsPanel({ runbook }: { runbook: Runbook }) {
  const profileByRunbook = useAppStore((state) => state.profileByRunbook);
  const overridesByRunbook = useAppStore((state) => state.overridesByRunbook);
  const formProblemsByRunbook = useAppStore((state) => state.formProblemsByRunbook);
  const incident = useAppStore((state) => state.incident);
  const dismissFormProblem = useAppStore((state) => state.dismissFormProblem);
  const chooseProfile = useAppStore((state) => state.chooseProfile);
  const setParam = useAppStore((state) => state.setParam);
  const clearParam = useAppStore((state) => state.clearParam);
  const [revealed, setRevealed] = useState<Record<string, boolean>>({});
  const [expanded, setExpanded] = useState(true);
  const profile = effectiveProfile({ profileByRunbook, incident }, runbook);
  const resolved = useMemo(
    () => currentParams({ profileByRunbook, overridesByRunbook, formProblemsByRunbook, incident }, runbook),
    [profileByRunbook, overridesByRunbook, formProblemsByRunbook, incident, runbook],
  );
  const overrides = paramOverrides({ overridesByRunbook, incident }, runbook.id);
  const problems = formProblemsByRunbook[runContextKey({ incident }, runbook.id)];
  // Open by default: opening a runbook should show what it will act on. Always open while something needs fixing.
  const showGrid = expanded || Object.keys(resolved.errors).length > 0;
  if (!runbook.params.length && !runbook.profiles.length && !resolved.rows.length) return null;
  return (
    <section className={`params-panel${resolved.production ? ' production' : ''}`} aria-label="Parameters">
      <div className="params-header">
        <label className="profile-picker">
          Profile
          <select
            value={profile ?? ''}
            onChange={(event) => chooseProfile(runbook.id, event.target.value || null)}
            aria-label="Profile"
          >
            <option value="">defaults only</option>
            {runbook.profiles.map((candidate) => (
              <option key={candidate.name} value={candidate.name}>
                {candidate.name}
                {candidate.production ? ' (production)' : ''}
              </option>
            ))}
          </select>
        </label>
        {resolved.production && (
          <span className="badge danger" data-testid="production-badge">
            production — commands act on live systems
          </span>
        )}
        {Object.keys(resolved.errors).length > 0 && (
          <span className="params-error-count">{Object.keys(resolved.errors).length} to fix before running</span>
        )}
        {runbook.params.length > 0 && (
          <button type="button" className="params-toggle" aria-expanded={showGrid} onClick={() => setExpanded(!expanded)}>
            {showGrid ? 'hide' : 'show'} {runbook.params.length} parameters
          </button>
        )}
      </div>
      {resolved.rows.length > 0 && (
        <ul className="params-link-problems" aria-label={`Problems in the ${problems?.origin ?? 'link'}`}>
          {resolved.rows.map((row) => (
            <li key={row.key} className="param-error" data-testid="link-problem">
              <span>{row.message}</span>
              <button type="button" className="button ghost small" aria-label={`Dismiss: ${row.message}`} onClick={() => dismissFormProblem(runbook.id, row.key)}>
                dismiss
              </button>
            </li>
          ))}
        </ul>
      )}
      {showGrid && <div className="params-grid">
        {runbook.params.map((param) => {
          const value = resolved.values[param.name] ?? '';
          const error = resolved.errors[param.name];
          const overridden = Object.prototype.hasOwnProperty.call(overrides, param.name);
          const inputId = `param-${param.name}`;
          const describedBy = [param.description ? `${inputId}-description` : '', error ? `${inputId}-error` : ''].filter(Boolean).join(' ') || undefined;
          return (
            <div key={param.name} className={`param${error ? ' invalid' : ''}`}>
              <label htmlFor={inputId} className="param-name" title={param.name}>
                {param.name}
                {param.required && <span className="required"> *</span>}
                {param.secret && <span className="badge subtle">secret</span>}
              </label>
              {param.choices ? (
                <select id={inputId} aria-describedby={describedBy} aria-invalid={error ? true : undefined} value={value} onChange={(event) => setParam(runbook.id, param.name, event.target.value)}>
                  {!param.choices.includes(value) && <option value={value}>{value || '—'}</option>}
                  {param.choices.map((choice) => (
                    <option key={choice} value={choice}>
                      {choice}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={inputId}
                  type={param.secret && !revealed[param.name] ? 'password' : 'text'}
                  value={value}
                  aria-describedby={describedBy}
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={error ? true : undefined}
                  onChange={(event) => setParam(runbook.id, param.name, event.target.value)}
                />
              )}
              <span className="param-actions">
                {param.secret && (
                  <button type="button" className="button ghost small" onClick={() => setRevealed({ ...revealed, [param.name]: !revealed[param.name] })}>
                    {revealed[param.name] ? 'hide' : 'show'}
                  </button>
                )}
                {overridden && (
                  <button type="button" className="button ghost small" title="Back to the profile's value" onClick={() => clearParam(runbook.id, param.name)}>
                    reset
                  </button>
                )}
              </span>
              {param.description && (
                <span className="param-description" id={`${inputId}-description`}>
                  {param.description}
                </span>
              )}
              {error && (
                <span className="param-error" id={`${inputId}-error`}>
                  {error}
                  {problems?.refused[param.name] !== undefined && (
                    // Nothing to type for an optional param the link could not fill: the responder may run without it.
                    <button type="button" className="button ghost small" aria-label={`Dismiss: ${error}`} onClick={() => dismissFormProblem(runbook.id, param.name)}>
                      dismiss
                    </button>
                  )}
                </span>
              )}
            </div>
          );
        })}
      </div>}
    </section>
  );
}
