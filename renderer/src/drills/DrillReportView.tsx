import { drillFigureRows, renderDrillReport, type DrillReportFormat } from '../../../shared/drills/drill-report';
import { renderDrillTimelineSvg } from '../../../shared/drills/drill-timeline-chart';
import { downloadTextFile } from '../export/download-file';
import { RecordModal } from '../incidents/RecordModal';
import { useAppStore } from '../store/app-store';

/** The drill's score report in the app: the figures, the timeline chart, and the report files to download. */
export function DrillReportView() {
  const score = useAppStore((state) => state.drillReport);
  const close = useAppStore((state) => state.closeDrillReport);
  if (!score) return null;
  const download = (format: DrillReportFormat) => {
    const file = renderDrillReport(score, format);
    downloadTextFile(file.fileName, file.content);
  };
  return (
    <RecordModal label="Drill report" onClose={close} wide>
      <div className="drill-report" data-testid="drill-report">
        <h2>[DRILL] Drill report: {score.runbookTitle}</h2>
        <p className="drill-verdict" data-testid="drill-verdict">
          {score.summary}
        </p>
        <table className="drill-figures">
          <thead>
            <tr>
              <th>Figure</th>
              <th>This drill</th>
              <th>Notes</th>
            </tr>
          </thead>
          <tbody>
            {drillFigureRows(score).map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                <td>{row.value}</td>
                <td>{row.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {/* Built by a pure function that escapes every label; an SVG with no scripts or links. */}
        <div className="drill-chart-box" dangerouslySetInnerHTML={{ __html: renderDrillTimelineSvg(score) }} />
        <div className="drill-report-actions">
          <button type="button" className="button ghost" onClick={() => download('md')}>
            Download Markdown
          </button>
          <button type="button" className="button ghost" onClick={() => download('json')}>
            Download JSON
          </button>
          <button type="button" className="button ghost" onClick={() => download('html')}>
            Download HTML
          </button>
          <span className="spacer" />
          <button type="button" className="button" onClick={close}>
            Close
          </button>
        </div>
      </div>
    </RecordModal>
  );
}
