// node:v8 in the page: the emulator's JIT asks node for V8's baseline wasm compiler only
// (emulator/jit/jit.ts). A page cannot set engine flags; the browser picks its own wasm tiers,
// so the request is dropped and the translated regions run the same, perhaps at another speed.
export function setFlagsFromString(_flags: string): void {}
