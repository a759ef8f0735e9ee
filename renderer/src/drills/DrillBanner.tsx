import { formatDrillDuration } from '../../../shared/drills/score-drill';
import { useNow } from '../incidents/use-now';
import { useAppStore } from '../store/app-store';

/**
 * The drill strip above the runbook. With no drill running it offers "Start
 * drill" for a runbook that has a lab; during a drill it shows DRILL, the
 * lab's live health, the T+ clock, the latest facilitator inject (large, so
 * it cannot be missed) and End/Abandon; after the end, the verdict and the report.
 */
export function DrillBanner() {
  const drill = useAppStore((state) => state.drill);
  const scenarios = useAppStore((state) => state.drillScenarios);
  const selectedId = useAppStore((state) => state.selectedRunbookId);
  const starting = useAppStore((state) => state.drillStarting);
  const requestDrill = useAppStore((state) => state.requestDrill);
  const endDrill = useAppStore((state) => state.endDrill);
  const openReport = useAppStore((state) => state.openDrillReport);
  const running = drill !== null && drill.phase !== 'ended';
  const now = useNow(running && drill.faultAt !== null);

  if (!running) {
    const scenario = scenarios.find((candidate) => candidate.runbookId === selectedId);
    if (!scenario && !drill?.score) return null;
    return (
      <section className="drill-offer" aria-label="Drill">
        {drill?.score && (
          <span className="drill-last" data-testid="drill-last">
            Last drill: {drill.score.summary}{' '}
            <button type="button" className="button ghost" onClick={() => void openReport(drill.incidentId)}>
              Drill report
            </button>
          </span>
        )}
        {scenario && (
          <span className="drill-start">
            <span className="muted">Drill lab: {scenario.fault}</span>
            <button type="button" className="button" disabled={starting} onClick={() => requestDrill(scenario.runbookId)} data-testid="start-drill">
              {starting ? 'Starting the lab…' : 'Start drill'}
            </button>
          </span>
        )}
      </section>
    );
  }

  const clock = drill.faultAt ? `T+${formatDrillDuration(Math.max(0, now - Date.parse(drill.faultAt)))}` : 'starting…';
  const health = drill.health;
  const latest = [...drill.injects].filter((inject) => inject.firedAt).sort((a, b) => Date.parse(b.firedAt!) - Date.parse(a.firedAt!))[0];
  return (
    <section className="drill-banner" role="region" aria-label="Drill in progress" data-testid="drill-banner">
      <div className="drill-row">
        <span className="drill-tag">DRILL</span>
        <strong className="drill-title" title={drill.runbookTitle}>
          {drill.runbookTitle}
        </strong>
        <span className="drill-clock" data-testid="drill-clock" title="Time since the fault was injected (T+0)">
          {clock}
        </span>
        {drill.scenario && (
          <span
            className={`drill-health ${health?.healthy ? 'healthy' : 'broken'}`}
            data-testid="drill-health"
            aria-live="polite"
            title={health ? `Lab ${health.healthy ? 'healthy' : 'broken'}: ${health.detail}` : undefined}
          >
            Lab {health ? (health.healthy ? 'healthy' : 'broken') : 'checking…'}
            {health ? `: ${health.detail}` : ''}
          </span>
        )}
        <span className="spacer" />
        <button type="button" className="button" onClick={() => void endDrill('resolved')} data-testid="end-drill" disabled={drill.phase === 'starting'}>
          End drill
        </button>
        <button type="button" className="button ghost" onClick={() => void endDrill('abandoned')}>
          Abandon
        </button>
      </div>
      {latest && (
        <div className="drill-inject" role="alert" data-testid="drill-inject">
          <span className="drill-inject-at">Facilitator inject {latest.at}</span> {latest.message}
          {latest.result ? <span className="muted"> — {latest.result}</span> : null}
        </div>
      )}
      {drill.problems.map((problem) => (
        <div key={problem} className="drill-problem" role="alert">
          {problem}
        </div>
      ))}
      {drill.labDir && <div className="muted drill-dir">Lab folder: {drill.labDir} (the drill shell starts here)</div>}
    </section>
  );
}
