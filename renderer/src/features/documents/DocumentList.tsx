import type { DocumentSummary } from '../../db/documents.ts';

interface Props {
  projectName: string;
  documents: readonly DocumentSummary[];
  openId: string | null;
  onOpen(id: string): void;
}

export function DocumentList({ projectName, documents, openId, onOpen }: Props) {
  return (
    <nav className="documents" aria-label="Documents">
      <h2 className="project-name">{projectName}</h2>
      <ul>
        {documents.map((d) => (
          <li key={d.id}>
            <button
              type="button"
              className={`document-button${d.id === openId ? ' open' : ''}`}
              aria-current={d.id === openId ? 'page' : undefined}
              onClick={() => onOpen(d.id)}
            >
              <span className="doc-title">{d.title}</span>
              <span className="doc-count" aria-label={`${d.annotationCount} annotations`}>
                {d.annotationCount}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
