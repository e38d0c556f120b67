/**
 * One YAML file parsed with positions: every node keeps its source range, and a LineCounter
 * turns offsets into line:col. Errors found later (by zod or by a cross-check) name a key path;
 * `locate` walks the document along that path to the node, so the message points at the exact
 * key or value a person has to change.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node, Pair } from 'yaml';
import type { PathSegment } from './config-error';

export interface Position {
  line: number;
  col: number;
}

export interface SyntaxProblem extends Position {
  message: string;
}

export interface Located extends Position {
  /** The deepest node found along the path; it is the target itself when `exact`. */
  node: Node | null;
  exact: boolean;
  path: PathSegment[];
}

export class YamlSource {
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
  }

  /** Syntax errors (and duplicate keys, which the yaml package reports as errors). */
  syntaxProblems(): SyntaxProblem[] {
    return this.doc.errors.map((e) => ({ message: e.message, ...this.position(e.pos[0]) }));
  }

  /** The plain JavaScript value (maps → objects, sequences → arrays); null for an empty file. */
  toJS(): unknown {
    return this.doc.toJS({ maxAliasCount: 100 }) as unknown;
  }

  position(offset: number): Position {
    const p = this.lines.linePos(offset);
    return { line: p.line, col: p.col };
  }

  /**
   * The position of `path`: of its value, or of its key when `at: 'key'` (unknown keys). A path
   * that does not exist (a missing key) resolves to the nearest existing parent. `path` in the
   * result is the path as written in the file: where the YAML uses a shorthand (`branch: x` for
   * `branch: [x]`, `product: mortgage` for `product: { eq: mortgage }`) the implied steps are
   * left out, so the reported path matches what a person sees.
   */
  locate(path: readonly PathSegment[], at: 'value' | 'key' = 'value'): Located {
    let node: unknown = this.doc.contents;
    let pair: Pair | undefined;
    const written: PathSegment[] = [];
    let i = 0;
    for (; i < path.length; i++) {
      const seg = path[i] as PathSegment;
      const next = this.child(node, seg);
      if (next) {
        if (next.node !== node) {
          written.push(seg);
          pair = next.pair;
        }
        node = next.node;
        continue;
      }
      // An implied operator key under a shorthand value: stay on the value.
      if (typeof seg === 'string' && (isSeq(node) || isScalar(node))) continue;
      break;
    }
    const exact = i === path.length;
    written.push(...path.slice(i));
    const target = exact && at === 'key' && pair && isScalar(pair.key) ? pair.key : node;
    // An empty value (`strategy:` with nothing after it) has no range of its own worth pointing at.
    const ranged = hasRange(target) && !(isScalar(target) && target.value === null && pair) ? target : pair?.key;
    const offset = hasRange(ranged) ? ranged.range[0] : 0;
    return { node: (node as Node | null) ?? null, exact, path: written, ...this.position(offset) };
  }

  /** The node at a path when it exists, else undefined. */
  nodeAt(path: readonly PathSegment[]): Node | undefined {
    const loc = this.locate(path);
    return loc.exact && loc.node ? loc.node : undefined;
  }

  /** The source text of a scalar, as typed ("02110" for a ZIP that YAML read as the number 2110). */
  sourceOf(node: Node | null | undefined): string | undefined {
    if (!node || !isScalar(node) || !node.range) return undefined;
    return this.text.slice(node.range[0], node.range[1]);
  }

  private child(node: unknown, seg: PathSegment): { node: unknown; pair?: Pair } | undefined {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg));
      return pair ? { node: pair.value, pair } : undefined;
    }
    if (isSeq(node) && typeof seg === 'number') {
      const item: unknown = node.items[seg];
      return item === undefined ? undefined : { node: item };
    }
    // A single value written where a list is allowed (`branch: downtown` for `branch: [downtown]`).
    if (isScalar(node) && seg === 0) return { node };
    return undefined;
  }
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function hasRange(n: unknown): n is { range: [number, number, number] } {
  return typeof n === 'object' && n !== null && Array.isArray((n as { range?: unknown }).range);
}
