import { useMemo } from 'react';
import { useAppStore } from '../store/app-store';
import { filterRunbooks } from '../store/runbooks-slice';

/** The runbook library: every runbook, errors included, filterable with `/`. */
export function RunbookSidebar() {
  const runbooks = useAppStore((state) => state.runbooks);
  const problems = useAppStore((state) => state.libraryProblems);
  const selectedId = useAppStore((state) => state.selectedRunbookId);
  const filter = useAppStore((state) => state.runbookFilter);
  const setFilter = useAppStore((state) => state.setRunbookFilter);
  const select = useAppStore((state) => state.selectRunbook);
  const visible = useMemo(() => filterRunbooks(runbooks, filter), [runbooks, filter]);
  return (
    <nav className="sidebar" aria-label="Runbooks">
      <header className="pane-header">
        <span className="pane-title">Runbooks</span>
        <span className="muted">{runbooks.length}</span>
      </header>
      <input
        id="runbook-filter"
        className="filter"
        placeholder="Filter runbooks  /"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && visible[0]) void select(visible[0].id);
          if (event.key === 'Escape') (event.target as HTMLInputElement).blur();
        }}
        aria-label="Filter runbooks"
      />
      {problems.length > 0 && (
        <ul className="library-problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <ul className="runbook-list">
        {visible.map((runbook) => (
          <li key={runbook.id}>
            <button
              type="button"
              className={`runbook-item${runbook.id === selectedId ? ' selected' : ''}`}
              onClick={() => void select(runbook.id)}
              aria-current={runbook.id === selectedId ? 'page' : undefined}
            >
              <span className="runbook-title">{runbook.title}</span>
              <span className="runbook-meta muted">
                {runbook.severity ? `${runbook.severity} · ` : ''}
                {runbook.stepCount} steps
                {runbook.errorCount > 0 && <span className="error-count"> · {runbook.errorCount} errors</span>}
              </span>
            </button>
          </li>
        ))}
        {visible.length === 0 && runbooks.length > 0 && <li className="muted empty">No runbook matches “{filter}”.</li>}
      </ul>
    </nav>
  );
}
