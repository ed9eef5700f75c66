/**
 * One run holding an artifact of every preview kind, and hostile ones: a file named with
 * markup, HTML and SVG carrying scripts, Markdown with script/onerror/javascript: links, a run
 * name with markup, and a 200 MB log written sparse straight into the server's artifact folder
 * (quick on a shared machine; the dashboard must only ever read its tail).
 */
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StrataClient } from '../../../src/client/index.js';
import { createClient } from '../../../src/client/browser.js';
import { logArtifacts } from '../../../src/client/node/index.js';

export const HOSTILE_RUN_NAME = '<img src=x onerror="alert(\'run-name\')">run<script>alert(1)</script>';
export const HUGE_LOG_BYTES = 200 * 1024 * 1024;
export const HUGE_LOG_LAST_LINE = 'final line of the huge log: step 999999 loss 0.0123';
export const CSV_ROWS = 20_000;

/** A 2×2 PNG and a 1×1 GIF. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
const GIF = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');

const HTML = `<!doctype html><html><body><h1>Evaluation report</h1><p>Accuracy 0.93</p>
<script>alert('html-script'); console.log('PWNED html'); parent.document.title = 'PWNED';</script>
<img src="nothing.png" onerror="alert('html-onerror')">
<form action="/api/2.0/mlflow/experiments/delete" method="post"><button>go</button></form></body></html>`;

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" onload="alert('svg-onload')">
<script>alert('svg-script')</script>
<rect width="240" height="120" fill="#2f6fdb"/><circle cx="60" cy="60" r="40" fill="#ffcc00"/>
<text x="120" y="66" fill="#fff" font-family="sans-serif" font-size="18">SVG plot</text></svg>`;

const MARKDOWN = `# Training notes

Results on **MNIST** with \`adam\`:

| lr | accuracy |
|---|---|
| 0.01 | 0.93 |

<script>alert('md-script'); console.log('PWNED md')</script>
<img src="image.png" onerror="alert('md-onerror')" alt="plot">

[a javascript link](javascript:alert('md-link')) and [the docs](https://mlflow.org).

\`\`\`python
model.fit(x, y)
\`\`\`
`;

const MLMODEL = `artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: 3.11.9
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.5.1
mlflow_version: 2.16.0
model_size_bytes: 48213
model_uuid: 5a9d2c1f0b7e4e6f9d2c1f0b7e4e6f9d
saved_input_example_info:
  artifact_path: input_example.json
  pandas_orient: split
  type: dataframe
signature:
  inputs: '[{"type": "double", "name": "sepal_length", "required": true}, {"type": "double", "name": "sepal_width", "required": true}, {"type": "string", "name": "species", "required": true}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]'
  params: null
utc_time_created: '2026-11-20 14:03:07.123456'
`;

function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = 'BT /F1 24 Tf 40 100 Td (Strata PDF preview) Tj ET';
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export interface SeededArtifacts {
  experimentId: string;
  runId: string;
}

/** Logs the run through the SDK; the huge log is written into `artifactsDestination` directly. */
export async function seedArtifacts(trackingUri: string, artifactsDestination: string): Promise<SeededArtifacts> {
  const client = new StrataClient({ trackingUri });
  const sdk = createClient({ trackingUri });
  const experimentId = await sdk.experiments.create('artifact-previews');
  const { run } = await client.createRun({ experiment_id: experimentId, run_name: HOSTILE_RUN_NAME, start_time: Date.now() - 60_000 });
  const runId = run.info.run_id;
  const dir = await mkdtemp(join(tmpdir(), 'strata-seed-previews-'));
  try {
    await mkdir(join(dir, 'model'));
    await mkdir(join(dir, 'logs'));
    await mkdir(join(dir, 'data'));
    await writeFile(join(dir, 'model', 'MLmodel'), MLMODEL);
    await writeFile(join(dir, 'model', 'model.pkl'), Buffer.alloc(48_213, 7));
    await writeFile(join(dir, 'model', 'input_example.json'), JSON.stringify({ columns: ['sepal_length', 'sepal_width', 'species'], data: [[5.1, 3.5, 'setosa'], [6.2, 2.9, 'virginica']] }));
    await writeFile(join(dir, 'model', 'conda.yaml'), 'name: mlflow-env\n# pinned for the demo\nchannels: [conda-forge]\ndependencies:\n  - python=3.11.9\n  - pip:\n      - mlflow==2.16.0\n      - scikit-learn==1.5.1\n');
    await writeFile(join(dir, 'metrics.json'), JSON.stringify({ accuracy: 0.93, loss: 0.21, per_class: { '0': 0.98, '1': 0.97 }, notes: '<script>alert("json")</script>' }));
    await writeFile(join(dir, 'image.png'), PNG);
    await writeFile(join(dir, 'tiny.gif'), GIF);
    await writeFile(join(dir, 'plot.svg'), SVG);
    await writeFile(join(dir, 'report.html'), HTML);
    await writeFile(join(dir, 'README.md'), MARKDOWN);
    await writeFile(join(dir, 'paper.pdf'), minimalPdf());
    await writeFile(join(dir, 'logs', 'train.log'), Array.from({ length: 300 }, (_, i) => `2026-11-20 14:03:${String(i % 60).padStart(2, '0')} step ${i} loss ${(2 / (i + 1)).toFixed(4)}`).join('\n') + '\n');
    await writeFile(join(dir, '<img src=x onerror=alert(1)>.txt'), '<b>not bold</b> <script>alert("txt")</script>\n');
    // The '/' makes a folder '<script>alert(1)<' holding 'script>.txt'.
    await mkdir(join(dir, '<script>alert(1)<'));
    await writeFile(join(dir, '<script>alert(1)<', 'script>.txt'), 'hostile name\n');
    const rows = [`step,loss,accuracy,note`];
    for (let i = 0; i < CSV_ROWS; i++) rows.push(`${i},${(2 / (i + 1)).toFixed(6)},${(1 - 1 / (i + 2)).toFixed(6)},"row ${i}, quoted"`);
    await writeFile(join(dir, 'data', 'history.csv'), rows.join('\n') + '\n');
    await writeFile(join(dir, 'data', 'confusion.tsv'), 'label\tpredicted\tcount\ncat\tcat\t91\ncat\tdog\t9\ndog\tdog\t88\n');
    await logArtifacts(client, runId, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // 200 MB, sparse but for its last lines: written in place, not uploaded.
  const logDir = join(artifactsDestination, experimentId, runId, 'artifacts', 'logs');
  await mkdir(logDir, { recursive: true });
  const handle = await open(join(logDir, 'huge.log'), 'w');
  try {
    const tail = Buffer.from(Array.from({ length: 2000 }, (_, i) => `huge log line ${i}: step ${998000 + i} loss 0.0${i}`).join('\n') + `\n${HUGE_LOG_LAST_LINE}\n`);
    await handle.truncate(HUGE_LOG_BYTES - tail.length);
    await handle.write(tail, 0, tail.length, HUGE_LOG_BYTES - tail.length);
  } finally {
    await handle.close();
  }
  return { experimentId, runId };
}
