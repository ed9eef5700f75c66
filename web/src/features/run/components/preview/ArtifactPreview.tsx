import { formatBytes } from '../../../../lib/format';
import type { FileInfo } from '../../../../lib/strata';
import { artifactDownloadUrl, artifactFolderDownloadUrl } from '../../api/useArtifactContent';
import { useArtifactList } from '../../api/useRun';
import { baseName, EMBED_LIMIT_BYTES, PARSE_LIMIT_BYTES, previewKind } from '../../state/previewKind';
import { CsvTable } from './CsvTable';
import { HtmlFrame, PdfFrame } from './EmbeddedDocument';
import { Formatted } from './Formatted';
import { MarkdownView } from './MarkdownView';
import { ModelSummary } from './ModelSummary';
import { TextTail } from './TextTail';

/** The preview pane: a header with the name, size and download, then the preview its kind gets. */
export function ArtifactPreview({ runId, file }: { runId: string; file: FileInfo }) {
  const size = file.file_size ?? 0;
  return (
    <div className="artifact-preview card" data-testid="artifact-preview" data-path={file.path}>
      <div className="preview-header">
        <span className="mono ellipsis" title={file.path}>{file.path}{file.is_dir ? '/' : ''}</span>
        {!file.is_dir && <span className="faint num">{formatBytes(size)}</span>}
        {file.is_dir && <span />}
        {file.is_dir
          ? <a className="button" href={artifactFolderDownloadUrl(runId, file.path)} download={`${baseName(file.path)}.tar`} data-testid="preview-download">Download .tar</a>
          : <a className="button" href={artifactDownloadUrl(runId, file.path)} download={baseName(file.path)} data-testid="preview-download">Download</a>}
      </div>
      <div className="preview-body">{file.is_dir ? <FolderPreview runId={runId} path={file.path} /> : <FilePreview runId={runId} path={file.path} size={size} />}</div>
    </div>
  );
}

function FilePreview({ runId, path, size }: { runId: string; path: string; size: number }) {
  const kind = previewKind(path);
  const tooBigToParse = size > PARSE_LIMIT_BYTES;
  switch (kind) {
    case 'image':
      // Always an <img>, SVG included: an image document runs no script and reaches nothing.
      if (size > EMBED_LIMIT_BYTES) return <TooBig size={size} />;
      return <div className="image-preview"><img src={artifactDownloadUrl(runId, path)} alt={baseName(path)} data-testid="preview-image" /></div>;
    case 'json':
    case 'yaml':
      return tooBigToParse ? <TextTail runId={runId} path={path} size={size} /> : <Formatted runId={runId} path={path} format={kind} />;
    case 'csv':
    case 'tsv':
      return <CsvTable runId={runId} path={path} size={size} delimiter={kind === 'csv' ? ',' : '\t'} />;
    case 'markdown':
      return tooBigToParse ? <TextTail runId={runId} path={path} size={size} /> : <MarkdownView runId={runId} path={path} />;
    case 'html':
      return size > EMBED_LIMIT_BYTES ? <TooBig size={size} /> : <HtmlFrame runId={runId} path={path} />;
    case 'pdf':
      return size > EMBED_LIMIT_BYTES ? <TooBig size={size} /> : <PdfFrame runId={runId} path={path} />;
    case 'mlmodel':
      return tooBigToParse ? <TextTail runId={runId} path={path} size={size} /> : <ModelSummary runId={runId} mlmodelPath={path} />;
    case 'text':
      return <TextTail runId={runId} path={path} size={size} />;
    case 'none':
      return <div className="muted" data-testid="preview-none">No preview for this kind of file; download it to open it.</div>;
  }
}

function TooBig({ size }: { size: number }) {
  return <div className="muted">Too large to preview here ({formatBytes(size)}, the limit is {formatBytes(EMBED_LIMIT_BYTES)}); download it to open it.</div>;
}

/** A folder: its model summary when it holds an MLmodel, else a count of what is inside. */
function FolderPreview({ runId, path }: { runId: string; path: string }) {
  const list = useArtifactList(runId, path);
  if (list.isPending) return <div className="muted">Loading…</div>;
  const files = list.data?.files ?? [];
  const mlmodel = files.find((f) => !f.is_dir && baseName(f.path) === 'MLmodel');
  if (mlmodel) return <ModelSummary runId={runId} mlmodelPath={mlmodel.path} />;
  const bytes = files.reduce((sum, f) => sum + (f.file_size ?? 0), 0);
  return <div className="muted">{files.length} entries, {formatBytes(bytes)} in its files (subfolders not counted).</div>;
}
