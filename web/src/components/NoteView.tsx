import { useMemo } from 'react';
import { renderMarkdown } from '../lib/markdown';

/** The tag in which MLflow keeps an experiment's or a run's description (Markdown). */
export const NOTE_TAG = 'mlflow.note.content';

/** A description written in Markdown; images are dropped (a note has no folder to load them from). */
export function NoteView({ text, testId }: { text: string; testId: string }) {
  const html = useMemo(() => renderMarkdown(text, () => undefined), [text]);
  return <div className="markdown-body note" data-testid={testId} dangerouslySetInnerHTML={{ __html: html }} />;
}
