// The pictures of a trace, checked in a real browser: Debian's headless chromium loads the
// HTML page (running its script), and the DOM it dumps must have one lifeline per
// participant and one arrow per call, return and command of the trace, with the labels a
// reader sees. Screenshots of both samples go to test-artifacts/ (CI keeps them).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { copySample, penglaic, repoRoot } from './cli.js';

const artifacts = join(repoRoot, 'test-artifacts');

function chromium(args: string[]): string {
  const result = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', ...args], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 << 20 });
  if (result.error) throw new Error(`chromium could not run (the Debian package chromium is needed; .ci/run installs it): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`chromium failed with status ${result.status}: ${result.stderr}`);
  return result.stdout;
}

function drawnSample(name: string) {
  const dir = copySample(name);
  expect(penglaic(['build'], dir).status).toBe(0);
  expect(penglaic(['run', '--trace', 'trace.json'], dir).status).toBe(0);
  const drawn = penglaic(['trace', 'trace.json', '--html', 'trace.html', '--svg', 'trace.svg'], dir);
  expect(drawn.status).toBe(0);
  const events = readFileSync(join(dir, 'trace.json'), 'utf8').trim().split('\n').slice(1, -1).map((line) => JSON.parse(line) as Record<string, unknown>);
  return { dir, events, html: join(dir, 'trace.html'), svg: join(dir, 'trace.svg') };
}

interface DrawnArrow {
  kind: string;
  from: number;
  to: number;
  count: number;
  label: string;
}

const attribute = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
const unescape = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

function lifelinesOf(dom: string): string[] {
  return [...dom.matchAll(/<g class="lifeline"[^>]*>/g)].map((m) => unescape(attribute(m[0], 'data-name')!));
}

function arrowsOf(dom: string): DrawnArrow[] {
  return [...dom.matchAll(/<g class="arrow[^"]*"[^>]*>[\s\S]*?<text class="label"[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => ({
    kind: attribute(m[0], 'data-kind')!,
    from: Number(attribute(m[0], 'data-from')),
    to: Number(attribute(m[0], 'data-to')),
    count: Number(attribute(m[0], 'data-count')),
    label: unescape(m[1]),
  }));
}

/** What the trace says the diagram must draw as arrows between two lifelines. */
function expectedArrows(events: Record<string, unknown>[]): { kind: string; from: number; to: number }[] {
  const out: { kind: string; from: number; to: number }[] = [];
  for (const e of events) {
    const at = e.at as number;
    switch (e.kind) {
      case 'create':
      case 'run':
      case 'stop':
      case 'destroy':
      case 'attest':
        out.push({ kind: e.kind, from: at, to: e.eid as number });
        break;
      case 'resume':
        out.push({ kind: 'resume', from: at, to: e.into as number });
        break;
      case 'call':
      case 'return':
        out.push({ kind: e.kind, from: at, to: e.to as number });
        break;
      case 'preempt':
        out.push({ kind: 'preempt', from: e.executing as number, to: -1 });
        break;
      case 'end':
        out.push({ kind: 'end', from: e.eid as number, to: -1 });
        break;
      case 'ocall':
        if (e.ocall === 'print') out.push({ kind: 'ocall', from: at, to: -1 });
        break;
    }
  }
  return out;
}

describe('penglaic trace pictures in headless chromium', () => {
  it('server-chain: lifelines, arrows, labels and the nesting of the chain match the trace; an arrow opened by its link shows its details and source line', () => {
    const { events, html, svg } = drawnSample('server-chain');
    // Open the page linked to the second call (test-server1 → test-server).
    const secondCall = [...readFileSync(html, 'utf8').matchAll(/data-event="(\d+)" data-kind="call"/g)][1][1];
    const dom = chromium(['--virtual-time-budget=5000', '--dump-dom', `file://${html}#event-${secondCall}`]);
    expect(lifelinesOf(dom)).toEqual(['host', 'Caller', 'test-server1', 'test-server']);
    const arrows = arrowsOf(dom);
    expect(arrows.map(({ kind, from, to }) => ({ kind, from, to }))).toEqual(expectedArrows(events));
    expect(arrows.every((a) => a.count === 1)).toBe(true);
    expect(arrows.filter((a) => a.kind === 'call' || a.kind === 'return').map((a) => `${a.from}→${a.to} ${a.label}`)).toEqual([
      '2→1 fill(0x19960000) [lends 9 pages]',
      '1→0 fill(0x19960000) [lends 9 pages]',
      '0→1 fill → 2 [9 pages back]',
      '1→2 fill → 3 [9 pages back]',
    ]);
    expect(arrows.filter((a) => a.kind === 'ocall').map((a) => a.label)).toEqual([
      'print "test-server1: tag + sum = 0x19961000"',
      'print "test-server: tag + sum = 0x19962000"',
      'print "caller: request sum 0x2000"',
      'print "caller: response sum 0x2000"',
      'print "caller: resp_val 0x3"',
    ]);
    // Nesting: test-server's serving bar lies inside test-server1's.
    const bars = [...dom.matchAll(/<rect class="activation serving" data-eid="(\d+)"[^>]*y="([\d.]+)" width="[\d.]+" height="([\d.]+)"/g)].map((m) => ({ eid: Number(m[1]), y: Number(m[2]), h: Number(m[3]) }));
    const outer = bars.find((b) => b.eid === 1)!;
    const inner = bars.find((b) => b.eid === 0)!;
    expect(inner.y).toBeGreaterThan(outer.y);
    expect(inner.y + inner.h).toBeLessThan(outer.y + outer.h);
    // The page opened with the second call selected (the click handler's show()): the panel shows it and its source line.
    const details = /<aside id="details">([\s\S]*?)<\/aside>/.exec(dom)![1];
    expect(details).toContain('<h3>fill(0x19960000) [lends 9 pages]</h3>');
    expect(details).toContain('<div class="src">source: main.pen:26:5</div>');
    // The region-ownership row goes Caller → test-server1 → test-server → test-server1 → Caller, then is freed.
    const spans = [...dom.matchAll(/<rect class="span" data-owner="(-?\d+)"/g)].map((m) => Number(m[1]));
    expect(spans).toEqual([2, 1, 0, 1, 2, -2]);
    // Self-contained: nothing to load from anywhere.
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/\s(src|href)=|@import|url\((?!#)/);
    const svgText = readFileSync(svg, 'utf8');
    expect(XMLValidator.validate(svgText)).toBe(true);
    expect(arrowsOf(svgText)).toEqual(arrows);
    mkdirSync(artifacts, { recursive: true });
    const shot = join(artifacts, 'trace-server-chain.png');
    chromium([`--screenshot=${shot}`, '--window-size=1100,1250', `file://${html}`]);
    console.log(`screenshot: ${shot}`);
  });

  it('time-slices: a long run folds into groups whose arrow counts add up to the trace', () => {
    const { events, html, svg } = drawnSample('time-slices');
    const dom = chromium(['--virtual-time-budget=5000', '--dump-dom', `file://${html}`]);
    expect(lifelinesOf(dom)).toEqual(['host', 'Counter', 'prime-checker']);
    const arrows = arrowsOf(dom);
    const total = (kind: string) => arrows.filter((a) => a.kind === kind).reduce((sum, a) => sum + a.count, 0);
    const expected = expectedArrows(events);
    for (const kind of ['create', 'run', 'call', 'return', 'preempt', 'resume', 'stop', 'attest', 'end', 'destroy']) {
      expect([kind, total(kind)]).toEqual([kind, expected.filter((a) => a.kind === kind).length]);
    }
    expect(arrows.filter((a) => a.kind === 'call').map((a) => a.label)).toEqual(['is_prime(…) [lends 1 page] ×1,928', 'is_prime(…) [lends 1 page] ×1,072']);
    expect(dom).toMatch(/<g class="group" data-events="\d+">/);
    expect(arrows.find((a) => a.kind === 'attest')).toMatchObject({ from: -1, to: 1, label: 'attest, nonce 1' });
    expect(XMLValidator.validate(readFileSync(svg, 'utf8'))).toBe(true);
    mkdirSync(artifacts, { recursive: true });
    const shot = join(artifacts, 'trace-time-slices.png');
    chromium([`--screenshot=${shot}`, '--window-size=1100,1250', `file://${html}`]);
    console.log(`screenshot: ${shot}`);
  });
});
