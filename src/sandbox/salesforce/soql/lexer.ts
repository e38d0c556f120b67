import { SoqlError } from './errors';

/**
 * Tokens of the SOQL subset. Keywords are plain identifiers here; the parser compares them
 * case-insensitively, as Salesforce does. Datetime and date literals are unquoted in SOQL
 * (`2024-01-01T00:00:00Z`, `2024-01-01`), so the lexer must recognise them before numbers.
 */
export type Token =
  | { kind: 'ident'; text: string; offset: number }
  | { kind: 'string'; text: string; value: string; raw: string; offset: number }
  | { kind: 'number'; text: string; value: number; offset: number }
  | { kind: 'datetime'; text: string; ms: number; offset: number }
  | { kind: 'date'; text: string; value: string; offset: number }
  | { kind: 'op'; text: '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='; offset: number }
  | { kind: 'punct'; text: ',' | '(' | ')' | '.' | ':'; offset: number }
  | { kind: 'eof'; text: '<EOF>'; offset: number };

// Salesforce documents Z, +hh:mm and -hh:mm only; the `+0000` of its own responses is not a SOQL literal.
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})(?![\w:])/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?![\w:])/;
const NUMBER = /^[+-]?(\d+(\.\d+)?|\.\d+)(?![\w])/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const ESCAPES: Record<string, string> = {
  n: '\n', N: '\n', t: '\t', T: '\t', r: '\r', R: '\r', b: '\b', B: '\b', f: '\f', F: '\f',
  '"': '"', "'": "'", '\\': '\\', '%': '%', _: '_',
};

function validDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** Decodes a SOQL string body (between the quotes); `offset` is where the body starts. */
function decodeString(raw: string, offset: number): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = raw[i + 1] ?? '';
    if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    const e = ESCAPES[n];
    if (e === undefined) {
      throw new SoqlError(
        'MALFORMED_QUERY',
        `Invalid string literal '${raw}'. Illegal character sequence '\\${n}' in string literal.`,
        offset + i,
      );
    }
    out += e;
    i++;
  }
  return out;
}

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const rest = soql.slice(i);
    if (c === "'") {
      let j = i + 1;
      while (j < soql.length && soql[j] !== "'") j += soql[j] === '\\' ? 2 : 1;
      if (j >= soql.length) {
        throw new SoqlError('MALFORMED_QUERY', `line 1:${soql.length} mismatched character '<EOF>' expecting '''`, i);
      }
      const raw = soql.slice(i + 1, j);
      tokens.push({ kind: 'string', text: soql.slice(i, j + 1), raw, value: decodeString(raw, i + 1), offset: i });
      i = j + 1;
      continue;
    }
    const dt = DATETIME.exec(rest);
    if (dt) {
      const [text, y, mo, d, h, mi, s, frac, zone] = dt as unknown as string[];
      const ok = validDate(Number(y), Number(mo), Number(d)) && Number(h) < 24 && Number(mi) < 60 && Number(s) < 60;
      const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}${(frac ?? '').padEnd(frac ? 4 : 0, '0')}${zone}`;
      const ms = Date.parse(iso);
      if (!ok || Number.isNaN(ms)) throw new SoqlError('MALFORMED_QUERY', `line 1:${i} no viable alternative at character '${text}'`, i);
      tokens.push({ kind: 'datetime', text: text!, ms, offset: i });
      i += text!.length;
      continue;
    }
    if (/^\d{4}-\d{2}-\d{2}T/.test(rest)) {
      const text = /^[\w:.+-]+/.exec(rest)![0];
      throw new SoqlError('MALFORMED_QUERY', `line 1:${i} no viable alternative at character '${text}'`, i);
    }
    const date = DATE.exec(rest);
    if (date) {
      const [text, y, mo, d] = date as unknown as string[];
      if (!validDate(Number(y), Number(mo), Number(d))) {
        throw new SoqlError('MALFORMED_QUERY', `line 1:${i} no viable alternative at character '${text}'`, i);
      }
      tokens.push({ kind: 'date', text: text!, value: text!, offset: i });
      i += text!.length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ kind: 'number', text: num[0], value: Number(num[0]), offset: i });
      i += num[0].length;
      continue;
    }
    const id = IDENT.exec(rest);
    if (id) {
      tokens.push({ kind: 'ident', text: id[0], offset: i });
      i += id[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (two === '!=' || two === '<>' || two === '<=' || two === '>=') {
      tokens.push({ kind: 'op', text: two, offset: i });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, offset: i });
      i++;
      continue;
    }
    if (c === ',' || c === '(' || c === ')' || c === '.' || c === ':') {
      tokens.push({ kind: 'punct', text: c, offset: i });
      i++;
      continue;
    }
    throw new SoqlError('MALFORMED_QUERY', `line 1:${i} no viable alternative at character '${c}'`, i);
  }
  tokens.push({ kind: 'eof', text: '<EOF>', offset: soql.length });
  return tokens;
}
