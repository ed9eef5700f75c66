/** What `/` answers when the dashboard has not been built: how to build it, in plain HTML. */
export function notBuiltPage(dir: string | undefined): string {
  const where = dir === undefined ? 'dist/web/' : dir;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Strata: dashboard not built</title>
<meta name="color-scheme" content="light dark"></head>
<body style="font: 14px/1.5 system-ui, sans-serif; max-width: 640px; margin: 48px auto; padding: 0 16px">
<h1 style="font-size: 18px">Strata is running; its dashboard is not built</h1>
<p>The API answers under <code>/api/2.0/mlflow/</code> as usual. To get the dashboard at this address,
build it once in the Strata package folder and restart the server:</p>
<pre style="padding: 8px 12px; border: 1px solid #8884; border-radius: 6px">npm install        # builds it as part of the install (needs the dev dependencies)
npm run build:web  # or only the dashboard</pre>
<p>It is looked for in <code>${escapeHtml(where)}</code>.</p>
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
