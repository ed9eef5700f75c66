import { useEffect, useState } from 'react';
import { describeError } from '../../../../components/states/ErrorState';
import { useArtifactBlob, useArtifactText } from '../../api/useArtifactContent';

/**
 * HTML in an iframe sandboxed without allow-scripts and without allow-same-origin: an opaque
 * origin where no script runs, so the report can neither read the dashboard nor call the API.
 * It is given as srcdoc (the download itself is an attachment and refuses framing).
 */
export function HtmlFrame({ runId, path }: { runId: string; path: string }) {
  const text = useArtifactText(runId, path);
  if (text.isPending) return <div className="muted">Loading…</div>;
  if (text.isError) return <div className="field-error" role="alert">{describeError(text.error)}</div>;
  return <iframe className="preview-frame" sandbox="" srcDoc={text.data} title={`HTML artifact ${path}`} referrerPolicy="no-referrer" data-testid="preview-html" />;
}

/**
 * PDF in the browser's own viewer: the bytes are read through the SDK, checked to be a PDF and
 * shown from a blob: URL typed application/pdf, so nothing but the PDF viewer renders them.
 */
export function PdfFrame({ runId, path }: { runId: string; path: string }) {
  const blob = useArtifactBlob(runId, path, 'application/pdf');
  const [url, setUrl] = useState<string | undefined>();
  const [notPdf, setNotPdf] = useState(false);
  useEffect(() => {
    if (blob.data === undefined) return;
    let revoked = false;
    let created: string | undefined;
    void blob.data.slice(0, 5).text().then((magic) => {
      if (revoked) return;
      if (magic !== '%PDF-') return setNotPdf(true);
      created = URL.createObjectURL(blob.data);
      setUrl(created);
    });
    return () => {
      revoked = true;
      if (created) URL.revokeObjectURL(created);
    };
  }, [blob.data]);
  if (blob.isPending) return <div className="muted">Loading…</div>;
  if (blob.isError) return <div className="field-error" role="alert">{describeError(blob.error)}</div>;
  if (notPdf) return <div className="field-error">This file does not start like a PDF (%PDF-); download it to open it.</div>;
  if (url === undefined) return <div className="muted">Loading…</div>;
  return <iframe className="preview-frame" src={url} title={`PDF artifact ${path}`} data-testid="preview-pdf" />;
}
