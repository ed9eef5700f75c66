import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import { flexRender, getCoreRowModel, useReactTable, type Header, type OnChangeFn, type RowSelectionState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RunRow } from '../state/columns';
import { orderByFor } from '../state/columns';
import type { SortSpec } from '../state/searchParams';
import { buildColumns, SELECT_WIDTH, type ColumnMeta } from './runColumns';

const ROW_HEIGHT = 30;
/** Ask for the next page when the viewport is this many rows from the end of what is loaded. */
const PREFETCH_ROWS = 60;

export interface RunsGridProps {
  experimentId: string;
  rows: RunRow[];
  keyColumns: string[];
  sort: SortSpec;
  onSort: (column: string) => void;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  /** Rows shown are a previous sort/filter's while the new one loads. */
  isStale: boolean;
  fetchNextPage: () => void;
  selection: RowSelectionState;
  onSelectionChange: OnChangeFn<RowSelectionState>;
}

/** The runs table: rows virtualized (only what is on screen is in the DOM), sorted by the server. */
export function RunsGrid(props: RunsGridProps) {
  const { rows, keyColumns, experimentId } = props;
  const now = useMemo(() => Date.now(), [rows]);
  const columns = useMemo(() => buildColumns(experimentId, keyColumns, rows, now), [experimentId, keyColumns, rows, now]);
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.run.info.run_id,
    manualSorting: true,
    enableRowSelection: true,
    state: { rowSelection: props.selection },
    onRowSelectionChange: props.onSelectionChange,
  });
  const scrollRef = useRef<HTMLDivElement>(null);
  const tableRows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({
    count: tableRows.length + (props.hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = props;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= tableRows.length - PREFETCH_ROWS) fetchNextPage();
  }, [lastIndex, tableRows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  const headers = table.getFlatHeaders();
  const template = headers.map((h) => `${h.getSize()}px`).join(' ');
  const width = headers.reduce((sum, h) => sum + h.getSize(), 0);
  return (
    <div className={`runs-grid-scroll${props.isStale ? ' stale' : ''}`} ref={scrollRef} data-testid="runs-grid" aria-busy={props.isStale}>
      <div role="grid" aria-rowcount={props.hasNextPage ? -1 : tableRows.length + 1} aria-colcount={headers.length} style={{ width, minWidth: '100%' }}>
        <div role="row" className="grid-row grid-header" style={{ gridTemplateColumns: template }} aria-rowindex={1}>
          {headers.map((header) => (
            <HeaderCell key={header.id} header={header} sort={props.sort} onSort={props.onSort} />
          ))}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = tableRows[item.index];
            const style: CSSProperties = { gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT };
            if (row === undefined) {
              return (
                <div key="loader" role="row" className="grid-row loader-row" style={style}>
                  <div role="gridcell" className="grid-cell muted" style={{ gridColumn: '1 / -1' }}>
                    <span className="spinner" />
                    Loading more runs…
                  </div>
                </div>
              );
            }
            return (
              <div key={row.id} role="row" aria-rowindex={item.index + 2} aria-selected={row.getIsSelected()} className={`grid-row${row.getIsSelected() ? ' selected' : ''}`} style={style} data-run-id={row.id}>
                {row.getVisibleCells().map((cell) => {
                  const meta = cell.column.columnDef.meta as ColumnMeta | undefined;
                  return (
                    <div key={cell.id} role="gridcell" className={cellClass(meta, cell.column.id)} style={stickyStyle(cell.column.id)}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

function cellClass(meta: ColumnMeta | undefined, columnId: string): string {
  return `grid-cell${meta?.numeric ? ' num' : ''}${meta?.sticky ? ' sticky' : ''}${columnId === 'run_name' ? ' sticky-edge' : ''}`;
}

function stickyStyle(columnId: string): CSSProperties | undefined {
  if (columnId === 'select') return { left: 0 };
  if (columnId === 'run_name') return { left: SELECT_WIDTH };
  return undefined;
}

function HeaderCell({ header, sort, onSort }: { header: Header<RunRow, unknown>; sort: SortSpec; onSort: (column: string) => void }) {
  const meta = header.column.columnDef.meta as ColumnMeta | undefined;
  const id = header.column.id;
  const sortable = orderByFor(id, false) !== undefined;
  const active = sort.column === id;
  const className = `${cellClass(meta, id)} grid-head`;
  const ariaSort = active ? (sort.desc ? 'descending' : 'ascending') : 'none';
  if (header.isPlaceholder || !sortable) {
    return (
      <div role="columnheader" className={className} style={stickyStyle(id)}>
        {id === 'select' ? flexRender(header.column.columnDef.header, header.getContext()) : <span className="head-label">{meta?.label}</span>}
      </div>
    );
  }
  return (
    <div role="columnheader" aria-sort={ariaSort} className={className} style={stickyStyle(id)} title={meta?.kind ? `${meta.kind}.${meta.label}` : meta?.label}>
      <button className={`sort-button${active ? ' active' : ''}`} onClick={() => onSort(id)} data-column={id}>
        {meta?.kind && <span className="kind">{meta.kind.replace(/s$/, '')}</span>}
        <span className="ellipsis">{meta?.label}</span>
        <span className="sort-mark" aria-hidden>{active ? (sort.desc ? '▼' : '▲') : ''}</span>
      </button>
    </div>
  );
}
