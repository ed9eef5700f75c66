import { memo, useEffect, useLayoutEffect, type CSSProperties, type ReactNode, type RefObject } from 'react';
import { flexRender, type Column, type Row } from '@tanstack/react-table';
import type { VirtualItem } from '@tanstack/react-virtual';
import type { RunRow } from '../state/columns';
import type { RowDisplay } from '../state/grouping';
import { RUNS_PER_GROUP } from '../api/useGroupedRows';
import { cellClass, type ColumnMeta } from './runColumns';
import { useRowWindow } from './useRowWindow';

export const ROW_HEIGHT = 30;
/** Rows rendered beyond each edge of the screen. */
const OVERSCAN = 12;
/** Ask for the next page when the screen is this many rows from the end of what is loaded. */
const PREFETCH_ROWS = 60;

export interface RunsRowsProps {
  scrollRef: RefObject<HTMLDivElement | null>;
  rows: Row<RunRow>[];
  template: string;
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
  const { rows, template, focused, onFocusRow, onRendered, hasNextPage, isFetchingNextPage, fetchNextPage } = props;
  const count = rows.length + (hasNextPage ? 1 : 0);
  const { start, end } = useRowWindow(props.scrollRef, count, ROW_HEIGHT, OVERSCAN);
  useLayoutEffect(onRendered);
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && end >= rows.length - PREFETCH_ROWS) fetchNextPage();
  }, [end, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const out: ReactNode[] = [];
  for (let index = start; index < end; index++) {
    const row = rows[index];
    const style: CSSProperties = { gridTemplateColumns: template, transform: `translateY(${index * ROW_HEIGHT}px)`, height: ROW_HEIGHT };
    if (row === undefined) {
      out.push(<LoaderRow key="loader" style={style} />);
      continue;
    }
    const group = row.original.display?.group;
    out.push(
      group ? (
        <GroupRow key={row.id} group={group} expanded={row.original.display?.expanded === true} rowIndex={index} focused={index === focused} style={style} onFocusRow={onFocusRow} onToggle={props.onToggleGroup} />
      ) : (
        <GridRow
          key={row.id}
          row={row}
          index={index}
          style={style}
          leftColumns={props.leftColumns}
          centerColumns={props.centerColumns}
          virtualColumns={props.virtualColumns}
          selected={row.getIsSelected()}
          focused={index === focused}
          onFocusRow={onFocusRow}
        />
      ),
    );
  }
  return <div style={{ height: count * ROW_HEIGHT, position: 'relative' }}>{out}</div>;
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
  row: Row<RunRow>;
  index: number;
  style: CSSProperties;
  leftColumns: Column<RunRow, unknown>[];
  centerColumns: Column<RunRow, unknown>[];
  virtualColumns: VirtualItem[];
  /** Passed so a selection change re-renders the row (its checkbox reads the table's state). */
  selected: boolean;
  focused: boolean;
  onFocusRow: (index: number) => void;
}

/**
 * One run's row. Memoized: a row that stays on screen keeps the same props (its Row object survives
 * new pages, the column lists are TanStack's memoized arrays), so a scroll frame renders only the
 * rows scrolled into view.
 */
const GridRow = memo(function GridRow({ row, index, style, leftColumns, centerColumns, virtualColumns, selected, focused, onFocusRow }: GridRowProps) {
  const cells = row.getVisibleCells();
  const byId = new Map(cells.map((c) => [c.column.id, c]));
  const cell = (column: Column<RunRow, unknown>, colIndex: number, edge: boolean): ReactNode => {
    const c = byId.get(column.id);
    if (c === undefined) return null;
    const meta = column.columnDef.meta as ColumnMeta | undefined;
    const isPinned = column.getIsPinned() !== false;
    return (
      <div key={c.id} role="gridcell" aria-colindex={colIndex} className={cellClass(meta, isPinned, edge)} style={isPinned ? { left: column.getStart('left') } : undefined}>
        {flexRender(column.columnDef.cell, c.getContext())}
      </div>
    );
  };
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row${selected ? ' selected' : ''}`}
      style={style}
      data-run-id={row.id}
      data-row-index={index}
      tabIndex={focused ? 0 : -1}
      onFocus={() => onFocusRow(index)}
    >
      {leftColumns.map((column, i) => cell(column, i + 1, i === leftColumns.length - 1))}
      <div aria-hidden className="grid-pad" />
      {virtualColumns.map((v) => {
        const column = centerColumns[v.index];
        return column ? cell(column, leftColumns.length + v.index + 1, false) : null;
      })}
      <div aria-hidden className="grid-pad" />
    </div>
  );
}, sameRowProps);

/** Props equal for the row's purposes: the style object is rebuilt every render, its values rarely change. */
function sameRowProps(a: GridRowProps, b: GridRowProps): boolean {
  return (
    a.row === b.row &&
    a.index === b.index &&
    a.style.transform === b.style.transform &&
    a.style.gridTemplateColumns === b.style.gridTemplateColumns &&
    a.leftColumns === b.leftColumns &&
    a.centerColumns === b.centerColumns &&
    a.virtualColumns === b.virtualColumns &&
    a.selected === b.selected &&
    a.focused === b.focused &&
    a.onFocusRow === b.onFocusRow
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
