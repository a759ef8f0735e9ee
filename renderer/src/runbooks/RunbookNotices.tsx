import { useCallback, useState } from 'react';
import type { OpenRunbook } from '../store/runbooks-slice';
import { lazyPart } from '../app/lazy-part';

const TrustReviewDialog = lazyPart(() => import('./TrustReviewDialog'), (m) => m.TrustReviewDialog);

/** Why the steps of this runbook cannot run yet, and the way to fix it. */
export function RunbookNotices({ runbook }: { runbook: OpenRunbook }) {
  const [reviewing, setReviewing] = useState(false);
  const close = useCallback(() => setReviewing(false), []);
  const errors = runbook.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  const untrusted = runbook.trust.state === 'untrusted' || runbook.trust.state === 'changed';
  if (!untrusted && !errors) return null;
  return (
    <div className="runbook-notices" role="status">
      {untrusted && (
        <p className="trust-notice" data-testid="trust-notice">
          {runbook.trust.state === 'changed'
            ? 'This runbook changed since you trusted it. Review it again before its steps can run.'
            : 'This runbook comes from a folder you added. Review its commands and trust it before any step can run.'}{' '}
          <button type="button" className="button small" onClick={() => setReviewing(true)}>
            Review and trust…
          </button>
        </p>
      )}
      {errors > 0 && <p className="error-notice">This runbook has {errors} error(s) listed above; its steps will not run until they are fixed.</p>}
      {reviewing && <TrustReviewDialog runbookId={runbook.id} onClose={close} />}
    </div>
  );
}
