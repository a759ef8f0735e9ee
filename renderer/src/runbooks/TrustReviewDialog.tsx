import { useEffect, useState } from 'react';
import type { ResponseOf } from '../../../shared/ipc/contract';
import { call } from '../ipc/bridge';
import { useAppStore } from '../store/app-store';

type Review = ResponseOf<'runbooks:trustReview'>;

/**
 * Before any step of a runbook from a user folder runs, the responder reads
 * every command it contains and trusts exactly this content. An edit to the
 * file asks again.
 */
export function TrustReviewDialog({ runbookId, onClose }: { runbookId: string; onClose(): void }) {
  const reportError = useAppStore((state) => state.reportError);
  const notify = useAppStore((state) => state.notify);
  const [review, setReview] = useState<Review | null>(null);
  useEffect(() => {
    let live = true;
    call('runbooks:trustReview', { id: runbookId })
      .then((result) => live && setReview(result))
      .catch((error) => {
        reportError(error);
        onClose();
      });
    return () => {
      live = false;
    };
  }, [runbookId, reportError, onClose]);

  const trust = async () => {
    if (!review) return;
    try {
      const result = await call('runbooks:trust', { id: review.runbookId, contentHash: review.contentHash });
      if (result.warning) notify(result.warning, 'info');
      onClose();
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <div className="modal-backdrop" role="presentation" onMouseDown={onClose}>
      <div
        className="modal wide"
        role="dialog"
        aria-modal="true"
        aria-label="Review runbook before trusting it"
        onMouseDown={(event) => event.stopPropagation()}
        onKeyDown={(event) => event.key === 'Escape' && onClose()}
      >
        {!review ? (
          <p className="muted">Reading the runbook…</p>
        ) : (
          <>
            <h2>Trust “{review.title}”?</h2>
            <p>
              It comes from <code>{review.path}</code>. Trusting lets its steps run in your shell, at this exact content
              (<code title={review.contentHash}>{review.contentHash.slice(0, 12)}</code>); any edit asks again. Read every
              command below.
            </p>
            {review.trust.state === 'changed' && <p className="production-warning">The file changed since you last trusted it.</p>}
            {review.errors.length > 0 && (
              <p className="production-warning">It has {review.errors.length} error(s): its steps will not run until they are fixed.</p>
            )}
            <ol className="review-commands">
              {review.commands.map((command) => (
                <li key={`${command.stepId}:${command.lineStart}`}>
                  <div className="review-command-header">
                    <span>{command.title}</span>
                    <span className="muted">
                      lines {command.lineStart}–{command.lineEnd}
                      {command.destructive ? ' · destructive' : ''}
                      {command.interactive ? ' · interactive' : ''}
                      {command.confirm === true ? ' · asks to confirm' : ''}
                      {typeof command.confirm === 'string' ? ` · asks to type “${command.confirm}”` : ''}
                    </span>
                  </div>
                  {(command.cwd !== undefined || command.shell !== undefined || command.interpreter !== undefined || command.background) && (
                    <p className="muted review-command-context">
                      {command.cwd !== undefined && (
                        <>
                          runs in <code>{command.cwd}</code>{' '}
                        </>
                      )}
                      {command.shell !== undefined && (
                        <>
                          needs shell <code>{command.shell}</code>{' '}
                        </>
                      )}
                      {command.interpreter !== undefined && (
                        <>
                          runs with <code>{command.interpreter}</code>{' '}
                        </>
                      )}
                      {command.background && <>starts in the background, not waited for</>}
                    </p>
                  )}
                  <pre className="step-code">
                    <code>{command.code}</code>
                  </pre>
                </li>
              ))}
            </ol>
            {review.params.length > 0 && (
              <section aria-label="Environment it sets">
                <p>Environment it sets before every step (values are part of what you trust):</p>
                <ul className="review-params">
                  {review.params.map((param) => (
                    <li key={param.name}>
                      <code>{param.name}</code> <span className="muted">line {param.line}</span>
                      {param.secret && <span className="muted"> · secret, typed at run time</span>}
                      {param.default !== undefined && (
                        <>
                          {' '}
                          · default <code>{param.default}</code>
                        </>
                      )}
                      {Object.entries(param.profileValues).map(([profile, value]) => (
                        <span key={profile}>
                          {' '}
                          · {profile}: <code>{value}</code>
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <div className="modal-actions">
              <button type="button" className="button" onClick={onClose}>
                Not now
              </button>
              <button type="button" className="button danger" onClick={() => void trust()} autoFocus>
                {review.commands.length === 1 ? 'Trust this command' : `Trust these ${review.commands.length} commands`}
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
