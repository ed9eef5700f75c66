import { useMemo } from 'react';
import { parseDocument } from 'yaml';
import { describeError } from '../../../../components/states/ErrorState';
import { useArtifactText } from '../../api/useArtifactContent';
import { LinesView } from './LinesView';

/** JSON re-indented, YAML re-emitted with its comments; the raw text when it does not parse. */
export function Formatted({ runId, path, format }: { runId: string; path: string; format: 'json' | 'yaml' }) {
  const text = useArtifactText(runId, path);
  const shown = useMemo(() => (text.data === undefined ? undefined : pretty(text.data, format)), [text.data, format]);
  if (text.isPending) return <div className="muted">Loading…</div>;
  if (text.isError) return <div className="field-error" role="alert">{describeError(text.error)}</div>;
  if (shown === undefined) return null;
  return (
    <>
      {shown.problem !== undefined && <div className="preview-note field-error">Not valid {format.toUpperCase()} ({shown.problem}); shown as is.</div>}
      <LinesView text={shown.text} label={`Contents of ${path}`} />
    </>
  );
}

function pretty(text: string, format: 'json' | 'yaml'): { text: string; problem?: string } {
  try {
    if (format === 'json') return { text: JSON.stringify(JSON.parse(text), null, 2) };
    const doc = parseDocument(text);
    if (doc.errors.length > 0) return { text, problem: doc.errors[0]?.message.split('\n')[0] ?? 'parse error' };
    return { text: doc.toString({ indent: 2, lineWidth: 0 }) };
  } catch (e) {
    return { text, problem: e instanceof Error ? e.message : String(e) };
  }
}
