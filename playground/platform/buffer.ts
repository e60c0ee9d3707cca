// The `Buffer` global in the page (esbuild injects it where bundled code names it): the
// layers use a handful of node's Buffer functions (hex and latin1 text, concat, compare,
// byteLength), which the `buffer` package implements as node does.
export { Buffer } from 'buffer';
