// Where the `host` block and each `test "name"` block of a .pen file begin, for the code
// lenses above them. A line scan (comments and strings skipped) rather than the parser: the
// lenses must appear at once, without loading the compiler into the editor's client.
export interface PenBlock {
  kind: 'host' | 'test';
  /** 0-based line of the block's keyword. */
  line: number;
  /** A test's name, as written between the quotes. */
  name?: string;
}

export function penBlocks(text: string): PenBlock[] {
  const blocks: PenBlock[] = [];
  let inBlockComment = false;
  text.split(/\r?\n/).forEach((raw, line) => {
    let code = raw;
    if (inBlockComment) {
      const end = code.indexOf('*/');
      if (end < 0) return;
      code = code.slice(end + 2);
      inBlockComment = false;
    }
    code = code.replace(/\/\*.*?\*\//g, ' ');
    const open = code.indexOf('/*');
    if (open >= 0) {
      inBlockComment = true;
      code = code.slice(0, open);
    }
    code = code.replace(/\/\/.*$/, '');
    if (/^\s*host\s*(\{|$)/.test(code)) blocks.push({ kind: 'host', line });
    const test = /^\s*test\s+"((?:[^"\\]|\\.)*)"/.exec(code);
    if (test) blocks.push({ kind: 'test', line, name: test[1].replace(/\\(.)/g, '$1') });
  });
  return blocks;
}
