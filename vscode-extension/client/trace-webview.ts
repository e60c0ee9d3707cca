// The trace pictures in a VS Code webview. The page `penglaic trace --html` writes is
// self-contained; a webview also wants a Content-Security-Policy, so the page gets one that
// allows nothing but its own inline styles and the scripts carrying this load's nonce.
import { randomBytes } from 'node:crypto';

export function traceWebviewHtml(pageHtml: string, output: string, nonce = randomBytes(16).toString('base64')): string {
  const csp = `default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'nonce-${nonce}';`;
  const escaped = output.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  const outputSection = `<section id="run-output"><h2>Output</h2><pre style="background:#fff;border:1px solid #ddd;padding:8px;overflow:auto;max-height:30vh">${escaped}</pre></section>`;
  return pageHtml
    .replace('<head>', `<head>\n<meta http-equiv="Content-Security-Policy" content="${csp}">`)
    .replace(/<script(?=[\s>])/g, `<script nonce="${nonce}"`)
    .replace('<main>', `<main>\n${outputSection}`);
}
