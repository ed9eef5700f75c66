import { useSearchParams } from 'react-router';
import type { FileInfo } from '../../../lib/strata';
import { useArtifactList } from '../api/useRun';
import { parentOf } from '../state/previewKind';
import { ArtifactTree } from './ArtifactTree';
import { ArtifactPreview } from './preview/ArtifactPreview';

/** Tree on the left, preview on the right; the open file is in the URL (`?artifact=path`), so it can be linked. */
export function ArtifactBrowser({ runId }: { runId: string }) {
  const [params, setParams] = useSearchParams();
  const selectedPath = params.get('artifact') ?? undefined;
  // The selected entry's size and kind come from its folder's listing (cached with the tree's).
  const siblings = useArtifactList(runId, selectedPath === undefined ? '' : parentOf(selectedPath), selectedPath !== undefined);
  const selected = selectedPath === undefined ? undefined : siblings.data?.files?.find((f) => f.path === selectedPath);
  const select = (file: FileInfo) => {
    setParams((p) => {
      const next = new URLSearchParams(p);
      next.set('artifact', file.path);
      return next;
    }, { replace: true });
  };
  return (
    <div className="artifact-browser">
      <div className="artifact-tree-pane">
        <ArtifactTree runId={runId} selected={selectedPath} onSelect={select} initiallyOpen={selectedPath} />
      </div>
      <div className="artifact-preview-pane">
        {selected ? <ArtifactPreview key={selected.path} runId={runId} file={selected} />
          : selectedPath !== undefined && siblings.isSuccess ? <div className="muted card pad">No artifact at <span className="mono">{selectedPath}</span>.</div>
          : <div className="muted card pad" data-testid="preview-hint">Select a file to preview it.</div>}
      </div>
    </div>
  );
}
