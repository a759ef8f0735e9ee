import { countLabel } from '../timeline/count-label';
import { useMemo, useState } from 'react';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';
import type { LibraryEntry } from '../store/runbooks-slice';

/** The runbook library: every runbook, errors included, searchable with `/`, plus its folders. */
export function RunbookSidebar() {
  const runbooks = useAppStore((state) => state.runbooks);
  const problems = useAppStore((state) => state.libraryProblems);
  const selectedId = useAppStore((state) => state.selectedRunbookId);
  const filter = useAppStore((state) => state.runbookFilter);
  const matches = useAppStore((state) => state.searchMatches);
  const setFilter = useAppStore((state) => state.setRunbookFilter);
  const select = useAppStore((state) => state.selectRunbook);
  const visible = useMemo(() => {
    if (!filter.trim() || !matches) return runbooks.map((runbook) => ({ runbook, snippet: undefined }));
    const byId = new Map(runbooks.map((runbook) => [runbook.id, runbook]));
    return matches.flatMap((match) => {
      const runbook = byId.get(match.id);
      return runbook ? [{ runbook, snippet: match.snippet }] : [];
    });
  }, [runbooks, matches, filter]);
  return (
    <nav className="sidebar" aria-label="Runbooks">
      <header className="pane-header">
        <span className="pane-title">Runbooks</span>
        <span className="muted">{runbooks.length}</span>
      </header>
      <input
        id="runbook-filter"
        className="filter"
        placeholder="Search runbooks  /"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && visible[0]) {
            // Open the best match and leave the box, so j/k move through its steps instead of typing.
            event.preventDefault();
            void select(visible[0].runbook.id).then(() => requestAnimationFrame(() => document.getElementById('runbook-document')?.focus({ preventScroll: true })));
          }
          if (event.key === 'Escape') {
            setFilter('');
            (event.target as HTMLInputElement).blur();
          }
        }}
        aria-label="Search runbooks"
      />
      {problems.length > 0 && (
        <ul className="library-problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <ul className="runbook-list">
        {visible.map(({ runbook, snippet }) => (
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
                {countLabel(runbook.stepCount, 'step')}
                {runbook.errorCount > 0 && <span className="error-count"> · {runbook.errorCount === 1 ? '1 error' : `${runbook.errorCount} errors`}</span>}
                <TrustMark runbook={runbook} />
              </span>
              {snippet && (
                <span className="runbook-snippet muted">
                  {snippet.line}: {snippet.text}
                </span>
              )}
            </button>
          </li>
        ))}
        {visible.length === 0 && runbooks.length > 0 && <li className="muted empty">No runbook matches “{filter}”.</li>}
      </ul>
      <FolderList />
    </nav>
  );
}

function TrustMark({ runbook }: { runbook: LibraryEntry }) {
  if (runbook.trust.state === 'untrusted') return <span className="trust-mark untrusted"> · not trusted</span>;
  if (runbook.trust.state === 'changed') return <span className="trust-mark untrusted"> · changed since trusted</span>;
  if (runbook.trust.state === 'trusted') return <span className="trust-mark"> · trusted</span>;
  return null;
}

/** The library's folders with their state; the user's own can be added and removed. */
function FolderList() {
  const folders = useAppStore((state) => state.folders);
  const reportError = useAppStore((state) => state.reportError);
  const loadRunbooks = useAppStore((state) => state.loadRunbooks);
  const [adding, setAdding] = useState(false);
  const [path, setPath] = useState('');
  const add = async () => {
    try {
      await call('runbooks:addFolder', { path: path.trim() });
      setAdding(false);
      setPath('');
      await loadRunbooks();
    } catch (error) {
      reportError(error);
    }
  };
  return (
    <section className="folders" aria-label="Runbook folders">
      <header className="pane-header">
        <span className="pane-title">Folders</span>
        <span className="spacer" />
        <button type="button" className="button ghost small" onClick={() => setAdding(!adding)}>
          {adding ? 'cancel' : 'add…'}
        </button>
      </header>
      {adding && (
        <form
          className="folder-add"
          onSubmit={(event) => {
            event.preventDefault();
            if (path.trim()) void add();
          }}
        >
          <input autoFocus aria-label="Folder path" placeholder="/absolute/path/to/runbooks" value={path} onChange={(event) => setPath(event.target.value)} />
          <button type="submit" className="button small">
            Add
          </button>
        </form>
      )}
      <ul className="folder-list">
        {folders.map((folder) => (
          <li key={folder.path} className={`folder state-${folder.state}`} title={folder.message ?? folder.path}>
            <FolderPath path={folder.path} />
            <span className="muted">
              {folder.state === 'ok' ? `${folder.runbookCount}` : folder.state}
              {folder.origin === 'bundled' ? ' · bundled' : ''}
            </span>
            {folder.origin === 'user' && (
              <button
                type="button"
                className="button ghost small"
                aria-label={`Remove folder ${folder.path}`}
                onClick={() =>
                  void call('runbooks:removeFolder', { path: folder.path })
                    .then(() => loadRunbooks())
                    .catch(reportError)
                }
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A folder path that elides in the middle: `/srv/te…/runbooks`, never moving the slash. */
function FolderPath({ path }: { path: string }) {
  const cut = path.replace(/[\\/]+$/, '').search(/[^\\/]*$/);
  const head = cut > 0 ? path.slice(0, cut) : '';
  return (
    <span className="folder-path" data-testid="folder-path">
      {head && <span className="folder-path-head">{head}</span>}
      <span className="folder-path-tail">{path.slice(head.length)}</span>
    </span>
  );
}
