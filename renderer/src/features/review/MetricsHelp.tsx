/**
 * "How these figures are computed": the metrics README (definitions, conventions, references),
 * rendered from its Markdown in a dialog. Loaded with the dashboard only.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { fromMarkdown } from 'mdast-util-from-markdown';
import type { Nodes, RootContent } from 'mdast';
import readme from '../../../core/metrics/README.md?raw';
import { ModalDialog } from '../../components/ModalDialog.tsx';

function render(node: Nodes | RootContent, key: number | string): ReactNode {
  const kids = () => ('children' in node ? (node.children as RootContent[]).map((c, i) => render(c, i)) : null);
  switch (node.type) {
    case 'root':
      return <>{kids()}</>;
    case 'heading': {
      const H = `h${Math.min(6, node.depth + 1)}` as 'h2';
      return <H key={key}>{kids()}</H>;
    }
    case 'paragraph':
      return <p key={key}>{kids()}</p>;
    case 'text':
      return node.value;
    case 'emphasis':
      return <em key={key}>{kids()}</em>;
    case 'strong':
      return <strong key={key}>{kids()}</strong>;
    case 'inlineCode':
      return <code key={key}>{node.value}</code>;
    case 'code':
      return (
        <pre key={key}>
          <code>{node.value}</code>
        </pre>
      );
    case 'list':
      return node.ordered ? <ol key={key}>{kids()}</ol> : <ul key={key}>{kids()}</ul>;
    case 'listItem':
      return <li key={key}>{kids()}</li>;
    case 'link':
      return (
        <a key={key} href={node.url} target="_blank" rel="noreferrer">
          {kids()}
        </a>
      );
    case 'break':
      return <br key={key} />;
    default:
      // Tables (GFM) are not parsed by plain CommonMark: their lines arrive as paragraph text.
      return 'value' in node ? String(node.value) : kids();
  }
}

/** Markdown tables as real tables (CommonMark leaves them as text). */
function withTables(md: string): ReactNode[] {
  const out: ReactNode[] = [];
  const lines = md.split('\n');
  let buf: string[] = [];
  const flush = () => {
    if (buf.length) out.push(<div key={out.length}>{render(fromMarkdown(buf.join('\n')), out.length)}</div>);
    buf = [];
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.startsWith('|') && lines[i + 1]?.startsWith('| ---')) {
      flush();
      const cells = (l: string) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim().replace(/`/g, ''));
      const head = cells(lines[i]!);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && lines[i]!.startsWith('|')) rows.push(cells(lines[i++]!));
      i--;
      out.push(
        <table key={out.length} className="figures">
          <thead>
            <tr>
              {head.map((h, j) => (
                <th key={j}>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, k) => (
              <tr key={k}>
                {r.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>,
      );
    } else buf.push(lines[i]!);
  }
  flush();
  return out;
}

export function MetricsHelp({ onClose, section }: { onClose(): void; section?: string }) {
  const body = useRef<HTMLDivElement>(null);
  // The section asked for comes into view once the dialog is shown (after this effect).
  useEffect(() => {
    if (!section) return undefined;
    const frame = requestAnimationFrame(() => {
      const h = [...(body.current?.querySelectorAll('h2, h3') ?? [])].find((x) => x.textContent?.startsWith(section));
      h?.scrollIntoView();
    });
    return () => cancelAnimationFrame(frame);
  }, [section]);
  return (
    <ModalDialog title="How the agreement figures are computed" open onClose={onClose} className="metrics-help">
      <div className="help-body" ref={body}>
        {withTables(readme)}
      </div>
    </ModalDialog>
  );
}
