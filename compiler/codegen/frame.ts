// Stack frame of one generated function. s0 is the frame pointer (the caller's sp);
// ra, s0 and s1 are saved just below it, and every parameter, local and hidden loop
// bound gets its own slot further down. Slots are never shared, which keeps the
// scheme obviously correct; register allocation comes with the IR.
import type * as ast from '../../grammar/ast.js';
import type { CheckedProgram, ParamInfo, Type } from '../check/model.js';
import { layoutOf } from '../check/model.js';

export const SAVED_AREA = 32;

export class Frame {
  /** Offsets from s0 (negative). */
  readonly params = new Map<ParamInfo, number>();
  readonly locals = new Map<ast.LetStmt | ast.VarStmt | ast.ForStmt, number>();
  readonly loopEnds = new Map<ast.ForStmt, number>();
  private next = -SAVED_AREA;

  constructor(private readonly checked: CheckedProgram) {}

  size(): number {
    return Math.ceil(-this.next / 16) * 16;
  }

  private allocate(type: Type | undefined): number {
    const size = type ? Math.max(8, Math.ceil(layoutOf(type).size / 8) * 8) : 8;
    this.next -= size;
    return this.next;
  }

  addParam(param: ParamInfo): void {
    // Arrays and structs arrive by reference: the slot holds the pointer.
    this.params.set(param, this.allocate(undefined));
  }

  /** Gives a slot to every local declared anywhere in `statements`. */
  addLocals(statements: readonly ast.Stmt[]): void {
    for (const statement of statements) this.visit(statement);
  }

  private visit(s: ast.Stmt | undefined): void {
    if (!s) return;
    switch (s.kind) {
      case 'LetStmt':
      case 'VarStmt': {
        const local = this.checked.locals.get(s);
        this.locals.set(s, this.allocate(local?.type));
        return;
      }
      case 'ForStmt':
        this.locals.set(s, this.allocate(undefined));
        this.loopEnds.set(s, this.allocate(undefined));
        this.addLocals(s.body?.statements ?? []);
        return;
      case 'Block':
        this.addLocals(s.statements);
        return;
      case 'IfStmt':
        this.addLocals(s.then?.statements ?? []);
        if (s.else) this.visit(s.else);
        return;
      case 'WhileStmt':
        this.addLocals(s.body?.statements ?? []);
        return;
      default:
        return;
    }
  }
}
