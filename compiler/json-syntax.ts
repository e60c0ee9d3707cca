// Where JSON text first goes wrong (RFC 8259's grammar), for a located error in an
// assignment manifest or a trace line: Node's JSON.parse does not always say where (Node 20:
// `Unexpected token '}', ..."name": }" is not valid JSON`). Agrees with JSON.parse on what is valid (a property test holds it to that).

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

/** The first error in `text`, or undefined when it is valid JSON. */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message } satisfies JsonSyntaxError;
  };
  const describe = () => (i >= text.length ? 'the end of the file' : `\`${text[i]}\``);
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('a control character inside a string (write it as an escape such as \\n)');
      if (text[i] === '\\') {
        i++;
        if (i >= text.length) break;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail('`\\u` needs four hex digits');
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i])) fail(`unknown escape \`\\${text[i]}\``);
      }
      i++;
    }
    if (i >= text.length) fail('a string that never ends');
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail(`unexpected ${describe()}`);
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail(`expected a field name in double quotes, found ${describe()}`);
        string();
        space();
        if (text[i] !== ':') fail(`expected \`:\` after the field name, found ${describe()}`);
        i++;
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        fail(`expected \`,\` or \`}\`, found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        fail(`expected \`,\` or \`]\`, found ${describe()}`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail(`expected a value, found ${describe()}`);
  };
  try {
    value();
    space();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  } catch (e) {
    return e as JsonSyntaxError;
  }
  return undefined;
}
