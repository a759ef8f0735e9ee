import type { EventOfKind } from '../../../shared/model/timeline';

/**
 * An alert's annotations, labels and the rule that fired it, folded under
 * its timeline row: the row reads at a glance, and the responder can still
 * see what monitoring said (description, runbook_url, generatorURL) without
 * leaving the incident. All of it is outside data: shown as text, never as
 * HTML or a link the app follows.
 */
export function AlertDetails({ event }: { event: EventOfKind<'alert.received'> }) {
  const { annotations, labels, generatorURL } = event.data;
  const entries: Array<[string, string]> = [...Object.entries(annotations), ...(generatorURL ? [['generatorURL', generatorURL] as [string, string]] : [])];
  return (
    <details className="alert-details">
      <summary>alert details</summary>
      <dl className="param-group-list">
        {entries.map(([name, value]) => (
          <div key={`a-${name}`}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>labels</dt>
          <dd>
            {Object.entries(labels)
              .map(([name, value]) => `${name}="${value}"`)
              .join(', ')}
          </dd>
        </div>
      </dl>
    </details>
  );
}
