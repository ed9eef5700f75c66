import { useState } from 'react';
import { describeError } from '../../../components/states/ErrorState';
import { formatBytes } from '../../../lib/format';
import { strata, type FileInfo } from '../../../lib/strata';
import { useArtifactList } from '../api/useRun';

/** A run's artifacts as a tree: one directory level fetched per expansion, files with size and download link. */
export function ArtifactTree({ runId }: { runId: string }) {
  const root = useArtifactList(runId, '');
  if (root.isPending) return <div className="muted">Loading artifacts…</div>;
  if (root.isError) return <div className="field-error" role="alert">{describeError(root.error)}</div>;
  const files = root.data.files ?? [];
  if (files.length === 0) return <div className="muted" data-testid="no-artifacts">No artifacts. Log some with <code>mlflow.log_artifact()</code> or <code>run.logArtifact()</code>.</div>;
  return (
    <ul className="tree" role="tree" aria-label="Artifacts" data-testid="artifact-tree">
      {sortEntries(files).map((file) => <TreeEntry key={file.path} runId={runId} file={file} depth={0} />)}
    </ul>
  );
}

function sortEntries(files: FileInfo[]): FileInfo[] {
  return [...files].sort((a, b) => Number(b.is_dir) - Number(a.is_dir) || a.path.localeCompare(b.path));
}

function baseName(path: string): string {
  return path.split('/').filter((p) => p !== '').pop() ?? path;
}

function TreeEntry({ runId, file, depth }: { runId: string; file: FileInfo; depth: number }) {
  const [open, setOpen] = useState(false);
  const pad = { paddingLeft: 8 + depth * 16 };
  if (!file.is_dir) {
    return (
      <li role="treeitem" className="tree-row" style={pad}>
        <span className="tree-icon" aria-hidden>·</span>
        <a href={strata.artifacts.downloadUrl(runId, file.path)} download={baseName(file.path)} className="ellipsis" title={`Download ${file.path}`}>{baseName(file.path)}</a>
        <span className="num faint">{formatBytes(file.file_size)}</span>
      </li>
    );
  }
  return (
    <li role="treeitem" aria-expanded={open}>
      <button className="tree-row tree-dir" style={pad} onClick={() => setOpen(!open)}>
        <span className="tree-icon" aria-hidden>{open ? '▾' : '▸'}</span>
        <span className="ellipsis">{baseName(file.path)}/</span>
        <span />
      </button>
      {open && <Children runId={runId} path={file.path} depth={depth + 1} />}
    </li>
  );
}

function Children({ runId, path, depth }: { runId: string; path: string; depth: number }) {
  const list = useArtifactList(runId, path);
  const pad = { paddingLeft: 8 + depth * 16 };
  if (list.isPending) return <div className="tree-row muted" style={pad}>Loading…</div>;
  if (list.isError) return <div className="tree-row field-error" style={pad}>{describeError(list.error)}</div>;
  const files = list.data.files ?? [];
  if (files.length === 0) return <div className="tree-row faint" style={pad}>empty</div>;
  return <ul role="group" className="tree">{sortEntries(files).map((f) => <TreeEntry key={f.path} runId={runId} file={f} depth={depth} />)}</ul>;
}
