import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { completeFilter, prefixLength, tokenizeFilter, type FilterKey, type Suggestion } from '../state/filterLanguage';

const EXAMPLE = "metrics.acc > 0.9 AND (params.model = 'resnet' OR tags.team IN ('vision'))";
const LISTBOX_ID = 'filter-suggestions';

interface FilterEditorProps {
  text: string;
  onText: (text: string) => void;
  keys: readonly FilterKey[];
  invalid: boolean;
  /** 0-based offset the server's error points at, marked in the highlighted text. */
  errorAt: number | undefined;
  describedBy: string | undefined;
}

/**
 * A one-line input over a highlighted copy of its text (same font, padding and scroll offset; the
 * input's own text is transparent, its caret and selection stay native), with an ARIA combobox
 * list of what may come next at the caret. Enter applies the filter unless a suggestion was
 * chosen with the arrow keys; Tab takes the chosen (or first) suggestion; Escape closes the list.
 */
export function FilterEditor({ text, onText, keys, invalid, errorAt, describedBy }: FilterEditorProps) {
  const inputRef = useRef<HTMLInputElement>(null);
  const mirrorRef = useRef<HTMLDivElement>(null);
  const [caret, setCaret] = useState(text.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const pendingCaret = useRef<number | undefined>(undefined);
  const completion = useMemo(() => (open ? completeFilter(text, caret, keys) : undefined), [open, text, caret, keys]);
  const suggestions = completion?.suggestions ?? [];
  const expanded = suggestions.length > 0;

  const syncScroll = () => {
    if (mirrorRef.current && inputRef.current) mirrorRef.current.scrollLeft = inputRef.current.scrollLeft;
  };
  // Only when what the mirror shows may have moved: reading the input's scrollLeft forces a layout,
  // and the page re-renders this editor for every keyset page the runs table loads while scrolling.
  useLayoutEffect(() => {
    const input = inputRef.current;
    if (input && pendingCaret.current !== undefined) {
      input.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = undefined;
    }
    syncScroll();
  }, [text, caret, invalid, errorAt]);
  useEffect(() => {
    if (active >= 0) document.getElementById(optionId(active))?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const readCaret = () => setCaret(inputRef.current?.selectionStart ?? text.length);
  const accept = (suggestion: Suggestion) => {
    if (!completion) return;
    const next = text.slice(0, completion.from) + suggestion.insert + text.slice(caret);
    const at = completion.from + suggestion.insert.length;
    pendingCaret.current = at;
    onText(next);
    setCaret(at);
    setActive(-1);
    setOpen(true);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const move = (delta: number) => {
      event.preventDefault();
      if (!open) setOpen(true);
      else if (expanded) setActive((i) => nextIndex(i, delta, suggestions.length));
    };
    if (event.key === 'ArrowDown') move(1);
    else if (event.key === 'ArrowUp') move(-1);
    else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if ((event.key === 'Enter' && expanded && active >= 0) || (event.key === 'Tab' && expanded && !event.shiftKey)) {
      const chosen = suggestions[Math.max(0, active)];
      if (chosen) {
        event.preventDefault();
        accept(chosen);
      }
    } else if (event.key === 'Enter') {
      setOpen(false);
    } else if (event.key === ' ' && event.ctrlKey) {
      event.preventDefault();
      setOpen(true);
    }
  };

  return (
    <div className="filter-editor">
      <div className="filter-mirror" ref={mirrorRef} aria-hidden data-testid="filter-highlight">
        {highlight(text, errorAt)}
      </div>
      <input
        ref={inputRef}
        className={`filter-input${invalid ? ' invalid' : ''}`}
        role="combobox"
        aria-label="Filter runs"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={LISTBOX_ID}
        aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        placeholder={EXAMPLE}
        value={text}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => {
          onText(e.target.value);
          setCaret(e.target.selectionStart ?? e.target.value.length);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onSelect={readCaret}
        onScroll={syncScroll}
        onBlur={() => setOpen(false)}
      />
      <ul id={LISTBOX_ID} role="listbox" aria-label="Filter suggestions" className="filter-suggestions" hidden={!expanded}>
        {suggestions.map((s, i) => (
          <li
            key={`${s.kind}:${s.label}`}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            className={`filter-option${i === active ? ' active' : ''}`}
            // mousedown, not click: the input keeps focus (a blur would close the list first).
            onMouseDown={(e) => {
              e.preventDefault();
              accept(s);
            }}
            onMouseMove={() => setActive(i)}
          >
            <span className={`filter-option-kind ${s.kind}`}>{KIND_LABELS[s.kind]}</span>
            <span className="ellipsis mono">{s.label}</span>
            <span className="num faint">{s.count === undefined ? '' : `${s.count.toLocaleString()} runs`}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

const KIND_LABELS: Record<Suggestion['kind'], string> = { prefix: 'prefix', key: 'key', attribute: 'attr', operator: 'op', keyword: 'and/or' };

/** Arrow keys cycle through the list; from nothing chosen, down picks the first and up the last. */
function nextIndex(current: number, delta: number, count: number): number {
  if (current < 0) return delta > 0 ? 0 : count - 1;
  return (((current + delta) % count) + count) % count;
}

function optionId(index: number): string {
  return `filter-option-${index}`;
}

/** The text as colored spans, character for character; the token at `errorAt` is underlined. */
function highlight(text: string, errorAt: number | undefined): ReactNode[] {
  const out: ReactNode[] = [];
  for (const token of tokenizeFilter(text)) {
    const end = token.start + token.text.length;
    const isError = errorAt !== undefined && errorAt >= token.start && errorAt < end && token.kind !== 'space';
    const errorClass = isError ? ' tok-error' : '';
    if (token.kind === 'prefix') {
      const cut = prefixLength(token.text);
      out.push(
        <span key={token.start} className={`tok-prefix${errorClass}`}>
          {token.text.slice(0, cut)}
          {cut < token.text.length && <span className="tok-key">{token.text.slice(cut)}</span>}
        </span>,
      );
    } else {
      out.push(<span key={token.start} className={`tok-${token.kind}${errorClass}`}>{token.text}</span>);
    }
  }
  // An error at the very end (a missing value) gets a visible mark after the text.
  if (errorAt !== undefined && errorAt >= text.length) out.push(<span key="end" className="tok-error tok-end"> </span>);
  return out;
}
