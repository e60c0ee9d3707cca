// The progress bar `penglaic grade` draws while a class is graded: only on a terminal, on
// one line of stderr that is redrawn in place and cleared at the end, so piped output and
// CI logs stay clean.
export interface Progress {
  advance(): void;
  tick(): void;
  end(): void;
}

const WIDTH = 30;
const SPINNER = '|/-\\';

export function progressBar(total: number, stream: { isTTY?: boolean; write(text: string): unknown; columns?: number }): Progress {
  if (!stream.isTTY || total === 0) return { advance() {}, tick() {}, end() {} };
  const started = performance.now();
  let done = 0;
  let frame = 0;
  const draw = () => {
    const filled = Math.round((done / total) * WIDTH);
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const line = `${SPINNER[frame % SPINNER.length]} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total} submissions, ${rate.toFixed(1)}/s`;
    // A terminal that does not report its width (0, as under `script`) gets 80 columns.
    const width = stream.columns && stream.columns > 20 ? stream.columns - 1 : 79;
    stream.write(`\r${line.slice(0, width)}\x1b[K`);
  };
  draw();
  return {
    advance() {
      done++;
      draw();
    },
    tick() {
      frame++;
      draw();
    },
    end() {
      stream.write('\r\x1b[K');
    },
  };
}
