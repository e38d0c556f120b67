import type { CompareOp, Condition, FieldRef, Literal, OrderItem, SelectQuery } from './ast';
import { SoqlError } from './errors';
import { tokenize, type Token } from './lexer';

/**
 * Recursive-descent parser for the SOQL subset:
 *   SELECT (COUNT() | field[, field…]) FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …]
 *   [LIMIT n] [OFFSET n]
 * Like Salesforce, AND and OR cannot be mixed at one level without parentheses.
 * Anything outside the subset is a MALFORMED_QUERY "unexpected token".
 */
const RESERVED = new Set(
  'SELECT FROM WHERE AND OR NOT IN LIKE ORDER BY ASC DESC NULLS FIRST LAST LIMIT OFFSET NULL TRUE FALSE GROUP HAVING WITH FOR USING TYPEOF INCLUDES EXCLUDES'.split(
    ' ',
  ),
);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.i + ahead, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }
  private isKeyword(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'ident' && t.text.toUpperCase() === word;
  }
  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }
  private unexpected(t: Token = this.peek()): SoqlError {
    return new SoqlError('MALFORMED_QUERY', `unexpected token: '${t.text}'`, t.offset);
  }
  private keyword(word: string): Token {
    if (!this.isKeyword(word)) throw this.unexpected();
    return this.next();
  }
  private punct(p: string): Token {
    if (!this.isPunct(p)) throw this.unexpected();
    return this.next();
  }

  parse(): SelectQuery {
    this.keyword('SELECT');
    let count = false;
    const fields: FieldRef[] = [];
    if (this.isKeyword('COUNT') && this.peek(1).kind === 'punct' && this.peek(1).text === '(') {
      this.next();
      this.punct('(');
      this.punct(')');
      count = true;
    } else {
      fields.push(this.fieldRef());
      while (this.isPunct(',')) {
        this.next();
        fields.push(this.fieldRef());
      }
    }
    this.keyword('FROM');
    const fromTok = this.next();
    // Object names are not checked against the reserved words: `FROM Group` is valid SOQL.
    if (fromTok.kind !== 'ident') throw this.unexpected(fromTok);
    const query: SelectQuery = { count, fields, from: { name: fromTok.text, offset: fromTok.offset }, orderBy: [] };
    if (this.isKeyword('WHERE')) {
      this.next();
      query.where = this.condition();
    }
    if (this.isKeyword('ORDER')) {
      this.next();
      this.keyword('BY');
      query.orderBy.push(this.orderItem());
      while (this.isPunct(',')) {
        this.next();
        query.orderBy.push(this.orderItem());
      }
    }
    if (this.isKeyword('LIMIT')) {
      this.next();
      query.limit = this.nonNegativeInt();
    }
    if (this.isKeyword('OFFSET')) {
      this.next();
      query.offset = this.nonNegativeInt();
    }
    if (this.peek().kind !== 'eof') throw this.unexpected();
    return query;
  }

  private nonNegativeInt(): number {
    const t = this.next();
    if (t.kind !== 'number' || !Number.isInteger(t.value) || t.value < 0 || /[+.-]/.test(t.text)) throw this.unexpected(t);
    return t.value;
  }

  private fieldRef(): FieldRef {
    const first = this.next();
    if (first.kind !== 'ident' || RESERVED.has(first.text.toUpperCase())) throw this.unexpected(first);
    const path = [first.text];
    while (this.isPunct('.')) {
      this.next();
      const t = this.next();
      if (t.kind !== 'ident') throw this.unexpected(t);
      path.push(t.text);
    }
    return { path, offset: first.offset };
  }

  private orderItem(): OrderItem {
    const field = this.fieldRef();
    let direction: OrderItem['direction'] = 'ASC';
    if (this.isKeyword('ASC') || this.isKeyword('DESC')) direction = this.next().text.toUpperCase() as 'ASC' | 'DESC';
    // Salesforce's defaults: ASC sorts nulls first, DESC sorts them last.
    let nulls: OrderItem['nulls'] = direction === 'ASC' ? 'FIRST' : 'LAST';
    if (this.isKeyword('NULLS')) {
      this.next();
      if (!this.isKeyword('FIRST') && !this.isKeyword('LAST')) throw this.unexpected();
      nulls = this.next().text.toUpperCase() as 'FIRST' | 'LAST';
    }
    return { field, direction, nulls };
  }

  private condition(): Condition {
    const first = this.unary();
    if (!this.isKeyword('AND') && !this.isKeyword('OR')) return first;
    const joiner = this.peek().text.toUpperCase() as 'AND' | 'OR';
    const items = [first];
    while (this.isKeyword('AND') || this.isKeyword('OR')) {
      if (this.peek().text.toUpperCase() !== joiner) throw this.unexpected(); // mixing needs parentheses
      this.next();
      items.push(this.unary());
    }
    return joiner === 'AND' ? { kind: 'and', items } : { kind: 'or', items };
  }

  private unary(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', item: this.unary() };
    }
    if (this.isPunct('(')) {
      this.next();
      const inner = this.condition();
      this.punct(')');
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Condition {
    const field = this.fieldRef();
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      const op: CompareOp = t.text === '<>' ? '!=' : t.text;
      return { kind: 'compare', field, op, value: this.literal() };
    }
    if (this.isKeyword('LIKE')) {
      this.next();
      const lit = this.literal();
      if (lit.kind !== 'string') throw new SoqlError('MALFORMED_QUERY', 'LIKE operator only accepts a string literal', lit.offset);
      return { kind: 'like', field, pattern: lit };
    }
    let negated = false;
    if (this.isKeyword('NOT') && this.isKeyword('IN', 1)) {
      this.next();
      negated = true;
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.punct('(');
      const values = [this.literal()];
      while (this.isPunct(',')) {
        this.next();
        values.push(this.literal());
      }
      this.punct(')');
      return { kind: 'in', field, negated, values };
    }
    throw this.unexpected();
  }

  private literal(): Literal {
    const t = this.next();
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value, raw: t.raw, offset: t.offset };
      case 'number':
        return { kind: 'number', value: t.value, offset: t.offset };
      case 'datetime':
        return { kind: 'datetime', ms: t.ms, text: t.text, offset: t.offset };
      case 'date':
        return { kind: 'date', value: t.value, offset: t.offset };
      case 'ident': {
        const w = t.text.toUpperCase();
        if (w === 'NULL') return { kind: 'null', offset: t.offset };
        if (w === 'TRUE' || w === 'FALSE') return { kind: 'boolean', value: w === 'TRUE', offset: t.offset };
        throw this.unexpected(t);
      }
      default:
        throw this.unexpected(t);
    }
  }
}

export function parseSoql(soql: string): SelectQuery {
  return new Parser(tokenize(soql)).parse();
}
