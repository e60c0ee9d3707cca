/** A large, valid .pen program of about `lines` lines. */
export function generateSource(lines: number): string;
