/**
 * What of an API's error message may be kept. Salesforce and HubSpot echo the value they refused
 * ("Email: invalid email address: jane@x", "Foo was not one of the allowed options", HubSpot's
 * "Property values were not valid: [{…"message":"Email address jane@x is invalid"…}]"), and these
 * messages reach outbox.last_error, `handoff dlq list` and the logs. Pattern redaction catches an
 * email or a phone number, not a picklist value, a name or a free-text note, so this goes the
 * other way: a message is kept only in a shape known to carry no value (the value cut out), and
 * anything else is withheld. What always survives is the error code and the field names, which
 * say what to fix. Pure; table-tested against the real message shapes (API-FACTS B3, B4, A2).
 */
import { redactString } from '../observability/redact';

export interface SafeError {
  /** The system's code: Salesforce statusCode/errorCode, HubSpot category. */
  code: string;
  /** Field or property API names the error is about. */
  fields: string[];
  /** The message with no value in it. */
  message: string;
}

/** Said instead of a message that may quote what was refused. */
export const WITHHELD = 'message withheld: it may quote the rejected value';

/** A field label as Salesforce prefixes it ("Referral Source: …"): words, not a value. */
const LABEL = String.raw`([A-Za-z][\w .()/&'-]{0,79}): `;

interface Shape {
  /** Matched against the whole message. */
  re: RegExp;
  /** The message to keep, from the match; values never appear in it. */
  keep: (m: RegExpMatchArray) => string;
}

const labelled = (text: string) => (m: RegExpMatchArray) => (m[1] ? `${m[1]}: ${text}` : text);

/**
 * Salesforce's messages, by their fixed wording (the error code is not needed to recognise one;
 * several codes share a wording). The value always follows the last colon and is cut off there.
 */
const SALESFORCE_SHAPES: Shape[] = [
  { re: new RegExp(`^(?:${LABEL})?invalid email address: [\\s\\S]*$`, 'i'), keep: labelled('invalid email address') },
  { re: new RegExp(`^(?:${LABEL})?bad value for restricted picklist field: [\\s\\S]*$`, 'i'), keep: labelled('bad value for restricted picklist field') },
  {
    re: new RegExp(`^(?:${LABEL})?data value too large: [\\s\\S]*?(\\(max length=\\d+\\))?$`, 'i'),
    keep: (m) => `${m[1] ? `${m[1]}: ` : ''}data value too large${m[2] ? ` ${m[2]}` : ''}`,
  },
  { re: new RegExp(`^(?:${LABEL})?value outside of valid range on numeric field: [\\s\\S]*$`, 'i'), keep: labelled('value outside of valid range on numeric field') },
  { re: new RegExp(`^(?:${LABEL})?value not of required type: [\\s\\S]*$`, 'i'), keep: labelled('value not of required type') },
  { re: new RegExp(`^(?:${LABEL})?id value of incorrect type: [\\s\\S]*$`, 'i'), keep: labelled('id value of incorrect type') },
  { re: new RegExp(`^(?:${LABEL})?invalid date(?:time)?: [\\s\\S]*$`, 'i'), keep: labelled('invalid date') },
  // The JSON parser names the types involved, then the value.
  { re: /^Cannot deserialize instance of (\w+) from (\w+) value [\s\S]*$/, keep: (m) => `Cannot deserialize instance of ${m[1]} from ${m[2]} value` },
  { re: /^(Required fields are missing: \[[\w, ]*\])$/, keep: (m) => m[1]! },
  { re: /^(duplicate value found: \w+ duplicates value on record with id: \w{15,18})$/i, keep: (m) => m[1]! },
  { re: /^(No such column '\w+' on (?:sobject|entity) of type \w+)$/, keep: (m) => m[1]! },
  { re: /^(unable to obtain exclusive access to this record)[\s\S]*$/i, keep: (m) => m[1]! },
  { re: /^(\w+ Limit exceeded\.)$/, keep: (m) => m[1]! },
  { re: /^(Unable to refresh session due to)[\s\S]*$/, keep: (m) => `${m[1]} an authorization error` },
  {
    re: /^(Record rolled back because not all records were valid and the request was using AllOrNone header|entity is deleted|cannot reference converted lead|invalid cross reference id|Session expired or invalid|The requested resource does not exist|Multiple records found|insufficient access rights on (?:object id|cross-reference id))$/i,
    keep: (m) => m[1]!,
  },
];

/** HubSpot's fixed messages (no value in them, or the ids cut off). */
const HUBSPOT_SHAPES: Shape[] = [
  { re: /^(You have reached your \w+ limit\.)$/, keep: (m) => m[1]! },
  { re: /^(Could not get some [A-Z_]+ objects, they may be deleted or not exist\. Check that ids are valid\.)$/, keep: (m) => m[1]! },
  { re: /^(The maximum number of inputs supported in a batch[\w\s]*is \d+)[\s\S]*$/, keep: (m) => m[1]! },
  { re: /^Duplicate IDs found in batch input: [\s\S]*IDs must be unique$/, keep: () => 'Duplicate IDs found in batch input. IDs must be unique' },
  { re: /^(Contact already exists\. Existing ID: \d+)$/, keep: (m) => m[1]! },
  { re: /^(Object not found\.)\s+objectId are usually numeric\.$/, keep: (m) => m[1]! },
  { re: /^(Authentication credentials not found\.)[\s\S]*$/, keep: (m) => m[1]! },
  { re: /^(Invalid input JSON)[\s\S]*$/, keep: (m) => m[1]! },
  { re: /^(Request body too large\.)$/, keep: (m) => m[1]! },
  // Gateways' and HubSpot's own words for a failure on their side.
  { re: /^(Service Unavailable|Internal Server Error|Bad Gateway|Gateway Time-?out|internal error|An internal error occurred\.?)$/i, keep: (m) => m[1]! },
  { re: /^(Unable to perform update\/upsert by non-unique [\w-]+ property)[\s\S]*$/, keep: (m) => m[1]! },
  { re: /^(This app hasn't been granted all required scopes to make this call\.)[\s\S]*$/, keep: (m) => m[1]! },
];

function known(shapes: readonly Shape[], message: string): string | undefined {
  for (const s of shapes) {
    const m = message.match(s.re);
    if (m) return s.keep(m);
  }
  return undefined;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const NAME = /^[A-Za-z_][\w.]{0,99}$/;
const names = (xs: readonly unknown[]): string[] => [...new Set(xs.filter((x): x is string => typeof x === 'string' && NAME.test(x)))];
// A second net: a shape that somehow let a value through still loses emails, phones and card numbers.
const finish = (s: SafeError): SafeError => ({ ...s, message: redactString(s.message) });

/** One Salesforce error (a SaveResult item or a REST error body item), without its values. */
export function salesforceErrorText(e: { code: string; message: unknown; fields?: readonly unknown[] | undefined }): SafeError {
  const message = text(e.message);
  return finish({ code: e.code, fields: names(e.fields ?? []), message: message ? (known(SALESFORCE_SHAPES, message) ?? WITHHELD) : 'no message' });
}

export interface HubSpotErrorLike {
  category?: unknown;
  message?: unknown;
  errors?: readonly { message?: unknown; code?: unknown; context?: Record<string, readonly unknown[] | undefined> | undefined }[] | undefined;
}

const INVALID_PROPERTIES = /^Property values were not valid(?:: ([\s\S]*))?$/;

/**
 * The entries HubSpot embeds in "Property values were not valid: [...]": property name and error
 * code each (their `message` quotes the value and is dropped). Truncated or odd JSON still gives
 * up its names and codes through the quoted keys.
 */
function invalidProperties(json: string): { name: string; code: string }[] {
  try {
    const parsed: unknown = JSON.parse(json);
    if (Array.isArray(parsed)) {
      return parsed.flatMap((p: { name?: unknown; error?: unknown }) => (typeof p?.name === 'string' ? [{ name: p.name, code: typeof p.error === 'string' ? p.error : 'INVALID' }] : []));
    }
  } catch {
    // fall through to the keys
  }
  const out: { name: string; code: string }[] = [];
  for (const entry of json.split(/\},\s*\{/)) {
    const name = /"name"\s*:\s*"([^"]+)"/.exec(entry)?.[1];
    if (name) out.push({ name, code: /"error"\s*:\s*"([A-Z_]+)"/.exec(entry)?.[1] ?? 'INVALID' });
  }
  return out;
}

/** One HubSpot error (a whole-call body or an item of a 207's `errors`), without its values. */
export function hubspotErrorText(e: HubSpotErrorLike, fallbackCode = 'UNKNOWN'): SafeError {
  const code = text(e.category) || fallbackCode;
  const message = text(e.message);
  const details = (e.errors ?? []).map((d) => ({ code: text(d.code), names: names(d.context?.['propertyName'] ?? []) }));
  const invalid = INVALID_PROPERTIES.exec(message);
  if (invalid) {
    const props = invalidProperties(invalid[1] ?? '').filter((p) => NAME.test(p.name));
    const pairs = props.length > 0 ? props : details.flatMap((d) => d.names.map((name) => ({ name, code: d.code || 'INVALID' })));
    const list = pairs.map((p) => `${p.name} ${/^[A-Z_]+$/.test(p.code) ? p.code : 'INVALID'}`).join(', ');
    return finish({ code, fields: names(pairs.map((p) => p.name)), message: `Property values were not valid${list ? `: ${list}` : ''}` });
  }
  const fields = names(details.flatMap((d) => d.names));
  const detailCodes = [...new Set(details.map((d) => d.code).filter((c) => /^[A-Z_]+$/.test(c)))];
  const kept = message ? (known(HUBSPOT_SHAPES, message) ?? WITHHELD) : 'no message';
  return finish({ code, fields, message: detailCodes.length > 0 ? `${kept} (${detailCodes.join(', ')})` : kept });
}

/** The one-line form stored and shown: "message [Field, Other]". */
export function formatSafeError(s: Pick<SafeError, 'message' | 'fields'>): string {
  return s.fields.length > 0 ? `${s.message} [${s.fields.join(', ')}]` : s.message;
}
