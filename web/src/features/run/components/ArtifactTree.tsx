import { useState } from 'react';
import { describeError } from '../../../components/states/ErrorState';
import { formatBytes } from '../../../lib/format';
import type { FileInfo } from '../../../lib/strata';
import { artifactDownloadUrl } from '../api/useArtifactContent';
import { useArtifactList } from '../api/useRun';
import { baseName } from '../state/previewKind';

interface TreeProps {
  runId: string;
  selected: string | undefined;
  onSelect: (file: FileInfo) => void;
}

/** A run's artifacts as a tree: one directory level fetched per expansion; files with size and a download link. */
export function ArtifactTree({ runId, selected, onSelect, initiallyOpen }: TreeProps & { initiallyOpen: string | undefined }) {
  const root = useArtifactList(runId, '');
  if (root.isPending) return <div className="muted">Loading artifacts…</div>;
  if (root.isError) return <div className="field-error" role="alert">{describeError(root.error)}</div>;
  const files = root.data.files ?? [];
  if (files.length === 0) return <div className="muted" data-testid="no-artifacts">No artifacts. Log some with <code>mlflow.log_artifact()</code> or <code>run.logArtifact()</code>.</div>;
  return (
    <ul className="tree" role="tree" aria-label="Artifacts" data-testid="artifact-tree">
      {sortEntries(files).map((file) => <TreeEntry key={file.path} file={file} depth={0} runId={runId} selected={selected} onSelect={onSelect} initiallyOpen={initiallyOpen} />)}
    </ul>
  );
}

function sortEntries(files: FileInfo[]): FileInfo[] {
  return [...files].sort((a, b) => Number(b.is_dir) - Number(a.is_dir) || a.path.localeCompare(b.path));
}

function TreeEntry({ file, depth, runId, selected, onSelect, initiallyOpen }: TreeProps & { file: FileInfo; depth: number; initiallyOpen: string | undefined }) {
  const [open, setOpen] = useState(() => initiallyOpen !== undefined && initiallyOpen.startsWith(`${file.path}/`));
  const pad = { paddingLeft: 8 + depth * 16 };
  const isSelected = selected === file.path;
  if (!file.is_dir) {
    return (
      <li role="treeitem" aria-selected={isSelected} className={`tree-row tree-file${isSelected ? ' selected' : ''}`} style={pad}>
        <span className="tree-icon" aria-hidden>·</span>
        <button type="button" className="tree-name ellipsis" title={file.path} onClick={() => onSelect(file)}>{baseName(file.path)}</button>
        <span className="tree-meta">
          <span className="num faint">{formatBytes(file.file_size)}</span>
          <a href={artifactDownloadUrl(runId, file.path)} download={baseName(file.path)} className="tree-download" title={`Download ${file.path}`} aria-label={`Download ${baseName(file.path)}`}>↓</a>
        </span>
      </li>
    );
  }
  return (
    <li role="treeitem" aria-expanded={open} aria-selected={isSelected}>
      <button type="button" className={`tree-row tree-dir${isSelected ? ' selected' : ''}`} style={pad} onClick={() => { setOpen(!open || !isSelected); onSelect(file); }}>
        <span className="tree-icon" aria-hidden>{open ? '▾' : '▸'}</span>
        <span className="ellipsis">{baseName(file.path)}/</span>
        <span />
      </button>
      {open && <Children runId={runId} path={file.path} depth={depth + 1} selected={selected} onSelect={onSelect} initiallyOpen={initiallyOpen} />}
    </li>
  );
}

function Children({ path, depth, ...props }: TreeProps & { path: string; depth: number; initiallyOpen: string | undefined }) {
  const list = useArtifactList(props.runId, path);
  const pad = { paddingLeft: 8 + depth * 16 };
  if (list.isPending) return <div className="tree-row muted" style={pad}>Loading…</div>;
  if (list.isError) return <div className="tree-row field-error" style={pad}>{describeError(list.error)}</div>;
  const files = list.data.files ?? [];
  if (files.length === 0) return <div className="tree-row faint" style={pad}>empty</div>;
  return <ul role="group" className="tree">{sortEntries(files).map((f) => <TreeEntry key={f.path} file={f} depth={depth} {...props} />)}</ul>;
}
