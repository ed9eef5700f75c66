import { memo, useEffect, useLayoutEffect, type CSSProperties, type HTMLAttributes, type ReactNode, type RefObject } from 'react';
import type { Column, RowSelectionState } from '@tanstack/react-table';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { RunRow } from '../state/columns';
import type { RowDisplay } from '../state/grouping';
import { RUNS_PER_GROUP } from '../api/useGroupedRows';
import type { ColumnMeta } from './runColumns';
import { useRowWindow } from './useRowWindow';

export const ROW_HEIGHT = 30;
/** Rows rendered beyond each edge of the screen. */
const OVERSCAN = 12;
/** Ask for the next page when the screen is this many rows from the end of what is loaded. */
const PREFETCH_ROWS = 60;

/** The grid element's own attributes (its role, label and selection mode are RunsRows's). */
export type GridAttributes = Pick<HTMLAttributes<HTMLDivElement>, 'aria-rowcount' | 'aria-colcount' | 'onKeyDown' | 'onClick'>;

export interface RunsRowsProps {
  grid: GridAttributes;
  /** The header row, first in the grid. */
  header: ReactNode;
  /** The grid's width: every column's. */
  width: number;
  scrollRef: RefObject<HTMLDivElement | null>;
  rows: readonly RunRow[];
  /** Selected run ids. */
  selection: RowSelectionState;
  /** grid-template-columns of a row's unpinned part: the pinned block's room, then the unpinned columns with their padding. */
  template: string;
  /** grid-template-columns of the pinned block, and its width. */
  pinnedTemplate: string;
  pinnedWidth: number;
  leftColumns: Column<RunRow, unknown>[];
  centerColumns: Column<RunRow, unknown>[];
  virtualColumns: VirtualItem[];
  focused: number;
  onFocusRow: (index: number) => void;
  /** Called after every render of the rows: the keyboard focuses a row once it is rendered. */
  onRendered: () => void;
  onToggleGroup?: (value: string | null) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
}

/**
 * The rows on screen. Their own component so that a scroll frame re-renders this list only (the
 * window is state of this component), not the grid, its table instance and its header.
 *
 * A row is drawn in two parts: its pinned cells in the pinned pane, one sticky box for every row
 * on screen (a sticky box per row made each row a layer of its own for the compositor, and a sort
 * re-layered them all), and its other cells in a layer under the pane, which scrolls both ways.
 * The pinned part is the row for assistive technology and the keyboard (role=row, the tab stop);
 * it owns (aria-owns) the other part's cells. Both parts carry the run id.
 */
export function RunsRows(props: RunsRowsProps) {
  const { rows, selection, template, focused, onFocusRow, onRendered, hasNextPage, isFetchingNextPage, fetchNextPage } = props;
  const count = rows.length + (hasNextPage ? 1 : 0);
  const { start, end } = useRowWindow(props.scrollRef, count, ROW_HEIGHT, OVERSCAN);
  useRowHover(props.scrollRef);
  useLayoutEffect(onRendered);
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && end >= rows.length - PREFETCH_ROWS) fetchNextPage();
  }, [end, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const pinned: ReactNode[] = [];
  const cells: ReactNode[] = [];
  for (let index = start; index < end; index++) {
    const row = rows[index];
    // Keyed by position, not run: after a sort or filter each row on screen keeps its elements and
    // only their text changes, instead of every row being unmounted and built again.
    if (row === undefined) {
      pinned.push(<LoaderRow key={index} index={index} />);
      continue;
    }
    const group = row.display?.group;
    if (group) {
      pinned.push(<GroupRow key={index} group={group} expanded={row.display?.expanded === true} rowIndex={index} focused={index === focused} onFocusRow={onFocusRow} onToggle={props.onToggleGroup} />);
      continue;
    }
    const selected = selection[row.run.info.run_id] === true;
    pinned.push(<PinnedRow key={index} row={row} index={index} columns={props.leftColumns} selected={selected} focused={index === focused} onFocusRow={onFocusRow} />);
    cells.push(<RowCells key={index} row={row} index={index} firstColIndex={props.leftColumns.length + 1} columns={props.centerColumns} virtualColumns={props.virtualColumns} selected={selected} />);
  }
  // Every row reads its columns from these variables: a width or a horizontal scroll restyles the
  // rows without rendering them again.
  const style = {
    height: count * ROW_HEIGHT,
    width: props.width,
    '--row-template': template,
    '--pinned-template': props.pinnedTemplate,
    '--pinned-width': `${props.pinnedWidth}px`,
    '--row-height': `${ROW_HEIGHT}px`,
  } as CSSProperties;
  // The unpinned cells lie outside the grid element, in a layer under the pinned pane: the rows
  // own them (aria-owns), and a grid may hold only rows.
  return (
    <>
      <div role="grid" aria-label="Runs" aria-multiselectable {...props.grid} style={{ width: props.width, minWidth: '100%' }}>
        {props.header}
        <div className="grid-body" style={style}>
          <div className="pinned-pane">{pinned}</div>
        </div>
      </div>
      <div className="row-cells-layer" style={style}>
        {cells}
      </div>
    </>
  );
}

const rowTransform = (index: number): CSSProperties => ({ transform: `translateY(${index * ROW_HEIGHT}px)` });

/** The id of a row's unpinned cells, which its pinned part owns (aria-owns). */
const cellsId = (index: number) => `runs-row-cells-${index}`;

function LoaderRow({ index }: { index: number }) {
  return (
    <div role="row" className="grid-row loader-row" style={rowTransform(index)}>
      <div role="gridcell" className="grid-cell muted">
        <span className="spinner" />
        Loading more runs…
      </div>
    </div>
  );
}

interface PinnedRowProps {
  row: RunRow;
  index: number;
  columns: Column<RunRow, unknown>[];
  selected: boolean;
  focused: boolean;
  onFocusRow: (index: number) => void;
}

/**
 * A run's row: its pinned cells, in the pinned pane. Memoized, as RowCells: a row that stays on
 * screen keeps the same props (its RunRow survives new pages, the column lists are TanStack's
 * memoized arrays), so a scroll frame renders only the rows scrolled into view.
 */
const PinnedRow = memo(function PinnedRow({ row, index, columns, selected, focused, onFocusRow }: PinnedRowProps) {
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      aria-owns={cellsId(index)}
      className={selected ? 'grid-row selected' : 'grid-row'}
      style={rowTransform(index)}
      data-run-id={row.run.info.run_id}
      data-row-index={index}
      tabIndex={focused ? 0 : -1}
      onFocus={() => onFocusRow(index)}
    >
      {columns.map((column, i) => bodyCell(row, index, selected, column, i + 1, i === columns.length - 1))}
    </div>
  );
});

interface RowCellsProps {
  row: RunRow;
  index: number;
  /** aria-colindex of the first unpinned column. */
  firstColIndex: number;
  columns: Column<RunRow, unknown>[];
  virtualColumns: VirtualItem[];
  selected: boolean;
}

/** A run's unpinned cells on screen; the column widths come from the body's CSS variables. */
const RowCells = memo(function RowCells({ row, index, firstColIndex, columns, virtualColumns, selected }: RowCellsProps) {
  return (
    <div role="none" id={cellsId(index)} className={selected ? 'row-cells selected' : 'row-cells'} style={rowTransform(index)} data-run-id={row.run.info.run_id} data-cells-of={index}>
      {virtualColumns.map((v) => {
        const column = columns[v.index];
        return column ? bodyCell(row, index, selected, column, firstColIndex + v.index, false) : null;
      })}
    </div>
  );
});

/**
 * The hovered row's two parts marked (data-hover) from listeners on the scroller, outside React:
 * CSS :hover would light only the part under the pointer.
 */
function useRowHover(scrollRef: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    let hovered: { index: string; parts: Element[] } | undefined;
    const clear = () => {
      for (const part of hovered?.parts ?? []) part.removeAttribute('data-hover');
      hovered = undefined;
    };
    const over = (event: MouseEvent) => {
      const part = (event.target as Element).closest('[data-row-index], [data-cells-of]');
      const index = part?.getAttribute('data-row-index') ?? part?.getAttribute('data-cells-of') ?? undefined;
      // The same row, unless it was scrolled out and in again (new elements).
      if (hovered !== undefined && index === hovered.index && hovered.parts.every((p) => p.isConnected)) return;
      clear();
      if (index === undefined) return;
      const parts = [...el.querySelectorAll(`[data-row-index="${index}"], [data-cells-of="${index}"]`)];
      for (const p of parts) p.setAttribute('data-hover', '');
      hovered = { index, parts };
    };
    el.addEventListener('mouseover', over);
    el.addEventListener('mouseleave', clear);
    return () => {
      el.removeEventListener('mouseover', over);
      el.removeEventListener('mouseleave', clear);
    };
  }, [scrollRef]);
}

/** A body cell: a plain-text column's one element with its text, or a control column's children. */
function bodyCell(row: RunRow, index: number, selected: boolean, column: Column<RunRow, unknown>, colIndex: number, edge: boolean): ReactNode {
  const meta = column.columnDef.meta as ColumnMeta;
  const className = edge ? `${meta.className} sticky-edge` : meta.className;
  if (meta.text === undefined) {
    return (
      <div key={column.id} role="gridcell" aria-colindex={colIndex} className={className}>
        {meta.render?.(row, index, selected)}
      </div>
    );
  }
  const content = meta.text(row);
  return (
    <div key={column.id} role="gridcell" aria-colindex={colIndex} className={content === undefined ? `${className} faint` : content.className ? `${className} ${content.className}` : className} title={content?.title}>
      {content === undefined ? '—' : content.text}
    </div>
  );
}

interface GroupRowProps {
  group: NonNullable<RowDisplay['group']>;
  expanded: boolean;
  rowIndex: number;
  focused: boolean;
  onFocusRow: (index: number) => void;
  onToggle?: (value: string | null) => void;
}

/** A group's header, in the pinned pane: one cell across the screen (the value and its run count). */
function GroupRow({ group, expanded, rowIndex, focused, onFocusRow, onToggle }: GroupRowProps) {
  return (
    <div role="row" aria-rowindex={rowIndex + 2} className="grid-row group-row" style={rowTransform(rowIndex)} data-row-index={rowIndex} data-group={group.label} tabIndex={focused ? 0 : -1} onFocus={() => onFocusRow(rowIndex)}>
      <div role="gridcell" className="grid-cell group-cell">
        <button className="caret" tabIndex={-1} aria-expanded={expanded} aria-label={`${expanded ? 'Hide' : 'Show'} the ${group.count} runs with ${group.label}`} onClick={() => onToggle?.(group.value)}>
          {expanded ? '▾' : '▸'}
        </button>
        <span className="group-label ellipsis">{group.label}</span>
        <span className="badge num">{group.count.toLocaleString()} {group.count === 1 ? 'run' : 'runs'}</span>
        {expanded && group.count > RUNS_PER_GROUP && <span className="faint">the first {RUNS_PER_GROUP} shown; filter to narrow the group</span>}
      </div>
    </div>
  );
}
