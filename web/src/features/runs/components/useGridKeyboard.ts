import { useCallback, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

interface GridKeyboardOptions {
  rowCount: number;
  rowHeight: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  /** Space or x on a row. */
  onToggle: (index: number) => void;
  /** Enter on a row. */
  onOpen: (index: number) => void;
  /** Shift+click on a row's checkbox: select every row from the last clicked one to this. */
  onSelectRange: (from: number, to: number) => void;
  /** → / ← on a row: show or hide its nested runs. */
  onExpand?: (index: number, open: boolean) => void;
}

const ROW_SELECTOR = '[data-row-index]';

/**
 * Keyboard navigation of the virtualized runs grid with a roving tabindex: one row is the tab
 * stop; ↑/↓, PageUp/PageDown, Home/End move it (scrolling it into view: the row may not be in
 * the DOM yet, so focus follows once the rows have rendered it); Space or x toggles its
 * selection, Enter opens the run, →/← show or hide a parent's nested runs; Shift+click on a
 * checkbox selects a range.
 */
export function useGridKeyboard({ rowCount, rowHeight, scrollRef, onToggle, onOpen, onSelectRange, onExpand }: GridKeyboardOptions) {
  const [focused, setFocused] = useState(0);
  const pendingFocus = useRef<number | undefined>(undefined);
  const anchor = useRef<number | undefined>(undefined);
  const active = Math.min(focused, Math.max(0, rowCount - 1));

  /** Focuses the row asked for once it is rendered; the rows call it after each of their renders. */
  const focusPending = useCallback(() => {
    const index = pendingFocus.current;
    if (index === undefined) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-row-index="${index}"]`);
    if (row) {
      row.focus({ preventScroll: true });
      pendingFocus.current = undefined;
    }
  }, [scrollRef]);

  /** Scrolls so the row is fully visible below the sticky header (rows have a fixed height). */
  const reveal = (index: number) => {
    const el = scrollRef.current;
    if (!el) return;
    const header = el.querySelector<HTMLElement>('.grid-header')?.offsetHeight ?? 0;
    const top = index * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (header + top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = header + top + rowHeight - el.clientHeight;
  };

  const moveTo = (index: number) => {
    const next = Math.max(0, Math.min(rowCount - 1, index));
    setFocused(next);
    reveal(next);
    pendingFocus.current = next;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const target = event.target as HTMLElement;
    if (!target.matches(ROW_SELECTOR) || rowCount === 0) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? rowHeight * 10) / rowHeight) - 2);
    const moves: Record<string, number> = { ArrowDown: active + 1, ArrowUp: active - 1, PageDown: active + page, PageUp: active - page, Home: 0, End: rowCount - 1 };
    const to = moves[event.key];
    if (to !== undefined) {
      event.preventDefault();
      moveTo(to);
    } else if (event.key === ' ' || event.key === 'x') {
      event.preventDefault();
      anchor.current = active;
      onToggle(active);
    } else if ((event.key === 'ArrowRight' || event.key === 'ArrowLeft') && onExpand) {
      event.preventDefault();
      onExpand(active, event.key === 'ArrowRight');
    } else if (event.key === 'Enter') {
      event.preventDefault();
      onOpen(active);
    }
  };

  /** A click on a row's checkbox: with Shift, selects from the last clicked row to this one. */
  const onCheckboxClick = (index: number, shiftKey: boolean) => {
    if (shiftKey && anchor.current !== undefined && anchor.current !== index) onSelectRange(anchor.current, index);
    else onToggle(index);
    anchor.current = index;
  };

  return { focused: active, setFocused, onKeyDown, onCheckboxClick, focusPending };
}
