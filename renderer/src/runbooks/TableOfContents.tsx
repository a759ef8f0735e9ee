import type { RunbookHeading } from '../../../shared/model/runbook';

/** Section links (level 2 and 3) that scroll the document, never navigate. */
export function TableOfContents({ headings }: { headings: RunbookHeading[] }) {
  const entries = headings.filter((heading) => heading.level === 2 || heading.level === 3);
  if (entries.length < 2) return null;
  return (
    <nav className="toc" aria-label="Sections">
      {entries.map((heading) => (
        <button
          key={heading.line}
          type="button"
          className={`toc-entry level-${heading.level}`}
          onClick={() => document.querySelector(`[data-heading-line="${heading.line}"]`)?.scrollIntoView({ block: 'start', behavior: 'smooth' })}
        >
          {heading.text}
        </button>
      ))}
    </nav>
  );
}
