import { memo, useCallback, useEffect, useMemo, useRef, useState, type CSSProperties, type DragEvent, type MouseEvent } from 'react';
import { useNavigate, type NavigateFunction } from 'react-router';
import {
  getCoreRowModel,
  useReactTable,
  type ColumnSizingState,
  type Header,
  type OnChangeFn,
  type RowSelectionState,
} from '@tanstack/react-table';
import { useVirtualizer, type VirtualItem } from '@tanstack/react-virtual';
import type { RunRow } from '../state/columns';
import { orderByFor, parseKeyColumn } from '../state/columns';
import { MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, type SortSpec } from '../state/searchParams';
import { buildColumns, cellClass, type ColumnMeta, type RowHandlers, type SelectClick } from './runColumns';
import { useRunSelection, type SelectAll } from './useRunSelection';
import { useGridKeyboard } from './useGridKeyboard';
import { ROW_HEIGHT, RunsRows } from './RunsRows';

/** Always pinned, in this order, before the user's pinned columns. */
const ALWAYS_PINNED = ['select', 'run_name'];

export interface RunsGridProps {
  experimentId: string;
  rows: RunRow[];
  keyColumns: string[];
  /** Pinned by the user (after select and run name). */
  pinned: string[];
  widths: Record<string, number>;
  /** Every run matching the view when known (the server's count), else undefined. */
  totalRuns: number | undefined;
  sort: SortSpec;
  onSort: (column: string) => void;
  onPin: (column: string, pinned: boolean) => void;
  onResize: (widths: Record<string, number>) => void;
  /** Moves key column `column` to just before `before` (or to the end). */
  onMove: (column: string, before: string | undefined) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  /** Rows shown are a previous sort/filter's while the new one loads. */
  isStale: boolean;
  fetchNextPage: () => void;
  selection: RowSelectionState;
  onSelectionChange: OnChangeFn<RowSelectionState>;
  /** Shows or hides a parent's nested runs (rows carry their nesting in `display`). */
  onToggleExpand?: (runId: string) => void;
  /** Opens or closes a group (its value; null: the runs without the key). */
  onToggleGroup?: (value: string | null) => void;
}

/**
 * The runs table: rows and unpinned columns virtualized on one scroll container (only what is on
 * screen is in the DOM), pinned columns sticky on the left, sorted by the server. Widths, pins and
 * the key columns' order live in the URL; a resize is written there when the drag ends.
 */
const DECIMALS_SAMPLE = 1_000;
/**
 * TanStack Table models the columns only (sizes, pinning, headers, resizing). The body renders the
 * loaded runs themselves: a TanStack Row per run (its ~40 feature methods each a closure) was
 * kilobytes per run, and a 100,000-run scroll grew the page's heap by hundreds of megabytes.
 */
const NO_ROWS: RunRow[] = [];
const coreRowModel = getCoreRowModel<RunRow>();

export function RunsGrid(props: RunsGridProps) {
  const { rows, keyColumns, experimentId, pinned, widths, onResize } = props;
  const firstRow = rows[0];
  // A running run's duration is counted to the time its query's first page was shown: a clock
  // per loaded page would rebuild the columns, and so every cell, each time scrolling loads one.
  const now = useMemo(() => Date.now(), [firstRow]);
  // The columns are rebuilt only when their inputs change; the checkbox handler reads the latest keyboard state through a ref.
  const selectClickRef = useRef<SelectClick>(() => {});
  const onSelectClick = useCallback<SelectClick>((index, shiftKey) => selectClickRef.current(index, shiftKey), []);
  const { onToggleExpand } = props;
  const handlers = useMemo<RowHandlers>(() => ({ onSelectClick, onToggleExpand }), [onSelectClick, onToggleExpand]);
  const { selection, onSelectionChange } = props;
  const selecting = useRunSelection(rows, selection, onSelectionChange);
  // Metric decimals come from the first rows only: the columns (and every cell) are then not rebuilt
  // each time another page of a 100,000-run table arrives, and numbers do not shift while scrolling.
  const sampleSize = Math.min(rows.length, DECIMALS_SAMPLE);
  // The sample changes only with its first row (a new query) or while it fills.
  const sample = useMemo(() => rows.slice(0, DECIMALS_SAMPLE), [firstRow, sampleSize]);
  const columns = useMemo(() => buildColumns(experimentId, keyColumns, sample, now, handlers), [experimentId, keyColumns, sample, now, handlers]);
  const [sizing, setSizing] = useState<ColumnSizingState>(widths);
  useEffect(() => setSizing(widths), [widths]);
  const columnPinning = useMemo(() => ({ left: [...ALWAYS_PINNED, ...pinned] }), [pinned]);
  const table = useReactTable({
    data: NO_ROWS,
    columns,
    defaultColumn: { minSize: MIN_COLUMN_WIDTH, maxSize: MAX_COLUMN_WIDTH },
    getCoreRowModel: coreRowModel,
    manualSorting: true,
    enableColumnResizing: true,
    columnResizeMode: 'onChange',
    state: { columnPinning, columnSizing: sizing },
    onColumnSizingChange: setSizing,
  });
  const resizing = table.getState().columnSizingInfo.isResizingColumn;
  useEffect(() => {
    if (resizing !== false) return;
    const changed = Object.entries(sizing).some(([id, px]) => widths[id] !== px);
    if (changed) onResize({ ...widths, ...sizing });
  }, [resizing, sizing, widths, onResize]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  const keyboard = useGridKeyboard({
    rowCount: rows.length,
    rowHeight: ROW_HEIGHT,
    scrollRef,
    onToggle: selecting.toggle,
    onOpen: (index) => {
      const row = rows[index];
      const group = row?.display?.group;
      if (group) props.onToggleGroup?.(group.value);
      else if (row) void navigate(`/experiments/${encodeURIComponent(experimentId)}/runs/${encodeURIComponent(row.run.info.run_id)}`);
    },
    onSelectRange: selecting.selectRange,
    onExpand: (index, open) => {
      const row = rows[index];
      const display = row?.display;
      if (display?.group && display.expanded !== open) props.onToggleGroup?.(display.group.value);
      else if (row && display?.depth === 0 && (display.childCount ?? 0) > 0 && display.expanded !== open) onToggleExpand?.(row.run.info.run_id);
    },
  });
  selectClickRef.current = keyboard.onCheckboxClick;
  const leftColumns = table.getLeftVisibleLeafColumns();
  const centerColumns = table.getCenterVisibleLeafColumns();
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: centerColumns.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => centerColumns[index]?.getSize() ?? MIN_COLUMN_WIDTH,
    // The pinned block scrolls under nothing: the unpinned columns start after it.
    paddingStart: leftColumns.reduce((sum, c) => sum + c.getSize(), 0),
    overscan: 3,
  });
  const sizeSignature = centerColumns.map((c) => `${c.id}:${c.getSize()}`).join('|');
  useEffect(() => columnVirtualizer.measure(), [sizeSignature, columnVirtualizer]);

  const virtualColumns = columnVirtualizer.getVirtualItems();
  const leftWidth = leftColumns.reduce((sum, c) => sum + c.getSize(), 0);
  const centerWidth = centerColumns.reduce((sum, c) => sum + c.getSize(), 0);
  const padLeft = (virtualColumns[0]?.start ?? leftWidth) - leftWidth;
  const padRight = virtualColumns.length > 0 ? leftWidth + centerWidth - (virtualColumns[virtualColumns.length - 1]?.end ?? 0) : centerWidth;
  const pinnedTemplate = leftColumns.map((c) => `${c.getSize()}px`).join(' ');
  const centerTemplate = [`${padLeft}px`, ...virtualColumns.map((v) => `${centerColumns[v.index]?.getSize() ?? 0}px`), `${Math.max(0, padRight)}px`].join(' ');
  // The header has a track per pinned column; a body row has one for its pinned block.
  const template = `${pinnedTemplate} ${centerTemplate}`;
  const colCount = leftColumns.length + centerColumns.length;
  const totalRows = props.totalRuns ?? (props.hasNextPage ? undefined : rows.length);
  const leftHeaders = table.getLeftFlatHeaders();
  const centerHeaders = table.getCenterFlatHeaders();
  const [dragging, setDragging] = useState<string | undefined>();

  return (
    <div className={`runs-grid-scroll${props.isStale ? ' stale' : ''}${resizing ? ' resizing' : ''}`} ref={scrollRef} data-testid="runs-grid" aria-busy={props.isStale}>
      <RunsRows
        grid={{
          'aria-rowcount': totalRows === undefined ? -1 : totalRows + 1,
          'aria-colcount': colCount,
          onKeyDown: keyboard.onKeyDown,
          onClick: (event) => followRouteLink(event, navigate),
        }}
        width={leftWidth + centerWidth}
        header={
          <HeaderRow
            template={template}
            leftHeaders={leftHeaders}
            centerHeaders={centerHeaders}
            virtualColumns={virtualColumns}
            sort={props.sort}
            onSort={props.onSort}
            onPin={props.onPin}
            onMove={props.onMove}
            dragging={dragging}
            setDragging={setDragging}
            selectAll={selecting.all}
            sizing={sizing}
            resizing={resizing}
          />
        }
        scrollRef={scrollRef}
        rows={rows}
        selection={selection}
        template={`${leftWidth}px ${centerTemplate}`}
        pinnedTemplate={pinnedTemplate}
        pinnedWidth={leftWidth}
        leftColumns={leftColumns}
        centerColumns={centerColumns}
        virtualColumns={virtualColumns}
        focused={keyboard.focused}
        onFocusRow={keyboard.setFocused}
        onRendered={keyboard.focusPending}
        onToggleGroup={props.onToggleGroup}
        hasNextPage={props.hasNextPage}
        isFetchingNextPage={props.isFetchingNextPage}
        fetchNextPage={props.fetchNextPage}
      />
    </div>
  );
}

/**
 * A plain click on a row's link (`a[data-route]`) navigates inside the app; other clicks (a new
 * tab, a download) are the browser's. One listener for the grid instead of a router Link per row.
 */
function followRouteLink(event: MouseEvent<HTMLElement>, navigate: NavigateFunction): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element).closest('a[data-route]');
  const href = link?.getAttribute('href');
  if (!href) return;
  event.preventDefault();
  void navigate(href);
}

interface HeaderRowProps {
  template: string;
  leftHeaders: Header<RunRow, unknown>[];
  centerHeaders: Header<RunRow, unknown>[];
  virtualColumns: VirtualItem[];
  sort: SortSpec;
  onSort: (column: string) => void;
  onPin: (column: string, pinned: boolean) => void;
  onMove: (column: string, before: string | undefined) => void;
  dragging: string | undefined;
  setDragging: (column: string | undefined) => void;
  selectAll: SelectAll;
  // Not read here, but the cells read them through the table (widths, the resize handle): they are
  // props so that a change re-renders the memoized header.
  sizing: ColumnSizingState;
  resizing: string | false;
}

/** The header row, memoized: a scroll frame re-renders the grid, the header stays as it was. */
const HeaderRow = memo(function HeaderRow({ template, leftHeaders, centerHeaders, virtualColumns, sort, onSort, onPin, onMove, dragging, setDragging, selectAll }: HeaderRowProps) {
  const headerProps = { sort, onSort, onPin, onMove, dragging, setDragging, selectAll };
  return (
    <div role="row" className="grid-row grid-header" style={{ gridTemplateColumns: template }} aria-rowindex={1}>
      {leftHeaders.map((header, i) => (
        <HeaderCell key={header.id} header={header} colIndex={i + 1} pinnedEdge={i === leftHeaders.length - 1} {...headerProps} />
      ))}
      <div aria-hidden className="grid-pad" />
      {virtualColumns.map((v) => {
        const header = centerHeaders[v.index];
        return header ? <HeaderCell key={header.id} header={header} colIndex={leftHeaders.length + v.index + 1} pinnedEdge={false} {...headerProps} /> : null;
      })}
      <div aria-hidden className="grid-pad" />
    </div>
  );
});

interface HeaderCellProps {
  header: Header<RunRow, unknown>;
  colIndex: number;
  pinnedEdge: boolean;
  sort: SortSpec;
  onSort: (column: string) => void;
  onPin: (column: string, pinned: boolean) => void;
  onMove: (column: string, before: string | undefined) => void;
  dragging: string | undefined;
  setDragging: (column: string | undefined) => void;
  selectAll: SelectAll;
}

function HeaderCell({ header, colIndex, pinnedEdge, sort, onSort, onPin, onMove, dragging, setDragging, selectAll }: HeaderCellProps) {
  const meta = header.column.columnDef.meta as ColumnMeta | undefined;
  const id = header.column.id;
  const sortable = orderByFor(id, false) !== undefined;
  const active = sort.column === id;
  const isPinned = header.column.getIsPinned() !== false;
  const className = `${cellClass(meta, isPinned, pinnedEdge)} grid-head${isPinned && id !== 'run_name' ? ' pinned' : ''}${dragging !== undefined && dragging !== id ? ' drop-target' : ''}`;
  const style: CSSProperties | undefined = isPinned ? { left: header.column.getStart('left') } : undefined;
  const ariaSort = active ? (sort.desc ? 'descending' : 'ascending') : 'none';
  const label = meta?.kind ? `${meta.kind}.${meta.label}` : (meta?.label ?? id);
  const resizingRef = useRef(false);
  const resizeHandler = header.getResizeHandler();
  const resizer = header.column.getCanResize() ? (
    <div
      className={`col-resizer${header.column.getIsResizing() ? ' active' : ''}`}
      role="separator"
      aria-orientation="vertical"
      aria-label={`Resize ${label}`}
      onMouseDown={(e) => {
        // The header is draggable (to move the column): a press on its edge resizes instead.
        resizingRef.current = true;
        document.addEventListener('mouseup', () => (resizingRef.current = false), { once: true });
        resizeHandler(e);
      }}
      onTouchStart={resizeHandler}
      onDoubleClick={() => header.column.resetSize()}
    />
  ) : null;
  if (id === 'select') {
    return (
      <div role="columnheader" aria-colindex={colIndex} className={className} style={style}>
        <input
          type="checkbox"
          aria-label="Select all loaded runs"
          checked={selectAll.checked}
          ref={(el) => {
            if (el) el.indeterminate = selectAll.indeterminate;
          }}
          onChange={selectAll.toggle}
        />
      </div>
    );
  }
  // Key columns can be dragged onto another key column's header to move before it.
  const movable = parseKeyColumn(id) !== undefined;
  const drag = movable
    ? {
        draggable: true,
        onDragStart: (e: DragEvent) => {
          if (resizingRef.current) {
            e.preventDefault();
            return;
          }
          e.dataTransfer.setData('text/x-strata-column', id);
          e.dataTransfer.effectAllowed = 'move';
          setDragging(id);
        },
        onDragEnd: () => setDragging(undefined),
        onDragOver: (e: DragEvent) => {
          if (dragging !== undefined && dragging !== id) e.preventDefault();
        },
        onDrop: (e: DragEvent) => {
          e.preventDefault();
          const moved = e.dataTransfer.getData('text/x-strata-column');
          if (moved && moved !== id) onMove(moved, id);
          setDragging(undefined);
        },
      }
    : {};
  const pinButton =
    id === 'run_name' ? null : (
      <button className={`pin-button${isPinned ? ' on' : ''}`} aria-pressed={isPinned} aria-label={`${isPinned ? 'Unpin' : 'Pin'} ${label}`} title={isPinned ? 'Unpin' : 'Pin to the left'} onClick={() => onPin(id, !isPinned)}>
        <svg viewBox="0 0 16 16" width="11" height="11" aria-hidden><path d="M6 1h4v1l-1 1v4l2 2v1H8.6L8 15l-.6-5H5V9l2-2V3L6 2z" fill="currentColor" /></svg>
      </button>
    );
  return (
    <div role="columnheader" aria-colindex={colIndex} aria-sort={sortable ? ariaSort : undefined} className={className} style={style} title={label} {...drag}>
      {sortable ? (
        <button className={`sort-button${active ? ' active' : ''}`} onClick={() => onSort(id)} data-column={id}>
          {meta?.kind && <span className="kind">{meta.kind.replace(/s$/, '')}</span>}
          <span className="ellipsis">{meta?.label}</span>
          <span className="sort-mark" aria-hidden>{active ? (sort.desc ? '▼' : '▲') : ''}</span>
        </button>
      ) : (
        <span className="head-label">{meta?.label}</span>
      )}
      {pinButton}
      {resizer}
    </div>
  );
}
