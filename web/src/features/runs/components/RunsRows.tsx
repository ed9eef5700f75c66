import { memo, useEffect, useLayoutEffect, type CSSProperties, type ReactNode, type RefObject } from 'react';
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

export interface RunsRowsProps {
  scrollRef: RefObject<HTMLDivElement | null>;
  rows: readonly RunRow[];
  /** Selected run ids. */
  selection: RowSelectionState;
  /** grid-template-columns of a row: the pinned block, then the unpinned columns with their padding. */
  template: string;
  /** grid-template-columns of the pinned block. */
  pinnedTemplate: string;
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
 */
export function RunsRows(props: RunsRowsProps) {
  const { rows, selection, template, focused, onFocusRow, onRendered, hasNextPage, isFetchingNextPage, fetchNextPage } = props;
  const count = rows.length + (hasNextPage ? 1 : 0);
  const { start, end } = useRowWindow(props.scrollRef, count, ROW_HEIGHT, OVERSCAN);
  useLayoutEffect(onRendered);
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && end >= rows.length - PREFETCH_ROWS) fetchNextPage();
  }, [end, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const out: ReactNode[] = [];
  for (let index = start; index < end; index++) {
    const row = rows[index];
    const style: CSSProperties = { transform: `translateY(${index * ROW_HEIGHT}px)` };
    if (row === undefined) {
      out.push(<LoaderRow key="loader" style={style} />);
      continue;
    }
    const group = row.display?.group;
    // Keyed by position, not run: after a sort or filter each row on screen keeps its elements and
    // only their text changes, instead of every row being unmounted and built again.
    out.push(
      group ? (
        <GroupRow key={index} group={group} expanded={row.display?.expanded === true} rowIndex={index} focused={index === focused} style={style} onFocusRow={onFocusRow} onToggle={props.onToggleGroup} />
      ) : (
        <GridRow
          key={index}
          row={row}
          index={index}
          leftColumns={props.leftColumns}
          centerColumns={props.centerColumns}
          virtualColumns={props.virtualColumns}
          selected={selection[row.run.info.run_id] === true}
          focused={index === focused}
          onFocusRow={onFocusRow}
        />
      ),
    );
  }
  // Every row reads its columns from these variables: a width or a horizontal scroll restyles the
  // rows without rendering them again.
  const style = { height: count * ROW_HEIGHT, '--row-template': template, '--pinned-template': props.pinnedTemplate, '--row-height': `${ROW_HEIGHT}px` } as CSSProperties;
  return (
    <div className="grid-body" style={style}>
      {out}
    </div>
  );
}

function LoaderRow({ style }: { style: CSSProperties }) {
  return (
    <div role="row" className="grid-row loader-row" style={style}>
      <div role="gridcell" className="grid-cell muted sticky" style={{ gridColumn: '1 / -1', left: 0 }}>
        <span className="spinner" />
        Loading more runs…
      </div>
    </div>
  );
}

interface GridRowProps {
  row: RunRow;
  index: number;
  leftColumns: Column<RunRow, unknown>[];
  centerColumns: Column<RunRow, unknown>[];
  virtualColumns: VirtualItem[];
  selected: boolean;
  focused: boolean;
  onFocusRow: (index: number) => void;
}

/**
 * One run's row. Memoized: a row that stays on screen keeps the same props (its RunRow survives
 * new pages, the column lists are TanStack's memoized arrays), so a scroll frame renders only the
 * rows scrolled into view. The pinned cells sit in one sticky box: a sticky element is a layer of
 * its own for the compositor, and one per row costs less to paint and composite than one per cell.
 * The column widths come from the body's CSS variables, not from each row's style.
 */
const GridRow = memo(function GridRow({ row, index, leftColumns, centerColumns, virtualColumns, selected, focused, onFocusRow }: GridRowProps) {
  const cell = (column: Column<RunRow, unknown>, colIndex: number, edge: boolean) => bodyCell(row, index, selected, column, colIndex, edge);
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={selected ? 'grid-row selected' : 'grid-row'}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      data-run-id={row.run.info.run_id}
      data-row-index={index}
      tabIndex={focused ? 0 : -1}
      onFocus={() => onFocusRow(index)}
    >
      <div className="pinned-cells">{leftColumns.map((column, i) => cell(column, i + 1, i === leftColumns.length - 1))}</div>
      {virtualColumns.map((v) => {
        const column = centerColumns[v.index];
        return column ? cell(column, leftColumns.length + v.index + 1, false) : null;
      })}
    </div>
  );
});

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
  style: CSSProperties;
  onFocusRow: (index: number) => void;
  onToggle?: (value: string | null) => void;
}

/** A group's header: one cell across the row (the value and its run count), sticky on the left. */
function GroupRow({ group, expanded, rowIndex, focused, style, onFocusRow, onToggle }: GroupRowProps) {
  return (
    <div role="row" aria-rowindex={rowIndex + 2} className="grid-row group-row" style={style} data-row-index={rowIndex} data-group={group.label} tabIndex={focused ? 0 : -1} onFocus={() => onFocusRow(rowIndex)}>
      <div role="gridcell" className="grid-cell sticky group-cell" style={{ gridColumn: '1 / -1', left: 0 }}>
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
