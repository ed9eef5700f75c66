import { useLayoutEffect, useMemo, useRef } from 'react';

/**
 * Text with line numbers: one <pre> of numbers beside one <pre> of text (two text nodes however
 * many lines, so 10,000 log lines stay cheap). `firstLine` numbers a tail from where it starts.
 */
export function LinesView({ text, firstLine = 1, stickToBottom = false, label }: { text: string; firstLine?: number; stickToBottom?: boolean; label: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => {
    const body = text.endsWith('\n') ? text.slice(0, -1) : text;
    return body === '' ? 0 : body.split('\n').length;
  }, [text]);
  const numbers = useMemo(() => Array.from({ length: lines }, (_, i) => String(firstLine + i)).join('\n'), [lines, firstLine]);
  const wasAtBottom = useRef(true);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stickToBottom && wasAtBottom.current) el.scrollTop = el.scrollHeight;
  }, [text, stickToBottom]);
  return (
    <div className="lines-view" ref={scroller} role="region" aria-label={label} tabIndex={0}
      onScroll={(e) => { const el = e.currentTarget; wasAtBottom.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4; }}>
      <pre className="lines-gutter" aria-hidden>{numbers}</pre>
      <pre className="lines-text" data-testid="preview-text">{text}</pre>
    </div>
  );
}
