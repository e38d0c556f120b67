/**
 * Reading a zod schema back: which keys an object at a path allows (for did-you-mean on unknown
 * keys), and what a value at a path should look like (for "missing" and "wrong type" messages).
 */
import { z } from 'zod';
import type { PathSegment } from './config-error';

/** Peels optional/default/nullable/effects wrappers off a schema. */
export function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodTypeAny;
    else if (s instanceof z.ZodDefault) s = s.removeDefault() as z.ZodTypeAny;
    else if (s instanceof z.ZodEffects) s = s.innerType() as z.ZodTypeAny;
    else if (s instanceof z.ZodLazy) s = s.schema as z.ZodTypeAny;
    else if (s instanceof z.ZodPipeline) s = s._def.in as z.ZodTypeAny;
    else if (s instanceof z.ZodBranded) s = s.unwrap() as z.ZodTypeAny;
    else return s;
  }
}

/** The schema that validates the value at `path`, or undefined when the path leaves the schema. */
export function schemaAt(root: z.ZodTypeAny, path: readonly PathSegment[]): z.ZodTypeAny | undefined {
  let s: z.ZodTypeAny | undefined = root;
  for (const seg of path) {
    if (!s) return undefined;
    const u = unwrap(s);
    if (u instanceof z.ZodObject) s = (u.shape as Record<string, z.ZodTypeAny>)[String(seg)];
    else if (u instanceof z.ZodArray) s = u.element as z.ZodTypeAny;
    else if (u instanceof z.ZodRecord) s = u.valueSchema as z.ZodTypeAny;
    else if (u instanceof z.ZodTuple) s = (u.items as z.ZodTypeAny[])[Number(seg)];
    else if (u instanceof z.ZodUnion) {
      const options = u.options as z.ZodTypeAny[];
      s = options.map((o) => schemaAt(o, [seg])).find((x) => x !== undefined);
    } else return undefined;
  }
  return s;
}

export function allowedKeys(root: z.ZodTypeAny, path: readonly PathSegment[]): string[] {
  const s = schemaAt(root, path);
  if (!s) return [];
  const u = unwrap(s);
  if (u instanceof z.ZodObject) return Object.keys(u.shape as object);
  if (u instanceof z.ZodUnion) {
    return [...new Set((u.options as z.ZodTypeAny[]).flatMap((o) => allowedKeys(o, [])))];
  }
  return [];
}

/** A person's description of what a schema accepts: "a number", "one of a, b or c", "a list". */
export function describeSchema(schema: z.ZodTypeAny | undefined): string | undefined {
  if (!schema) return undefined;
  const u = unwrap(schema);
  if (u instanceof z.ZodEnum) return `one of ${(u.options as string[]).join(', ')}`;
  if (u instanceof z.ZodLiteral) return JSON.stringify(u.value);
  if (u instanceof z.ZodString) return 'text';
  if (u instanceof z.ZodNumber) return u.isInt ? 'a whole number' : 'a number';
  if (u instanceof z.ZodBoolean) return 'true or false';
  if (u instanceof z.ZodArray) return 'a list';
  if (u instanceof z.ZodObject || u instanceof z.ZodRecord) return 'a map (key: value lines)';
  if (u instanceof z.ZodUnion) {
    const parts = (u.options as z.ZodTypeAny[]).map(describeSchema).filter((d): d is string => !!d);
    return [...new Set(parts)].join(' or ');
  }
  return undefined;
}

/** The noun a schema was given with `.describe()`, e.g. "lead state", for "unknown lead state". */
export function nounAt(root: z.ZodTypeAny, path: readonly PathSegment[]): string | undefined {
  let s = schemaAt(root, path);
  while (s) {
    if (s.description) return s.description;
    const inner = unwrapOnce(s);
    if (inner === s) return undefined;
    s = inner;
  }
  return undefined;
}

function unwrapOnce(s: z.ZodTypeAny): z.ZodTypeAny {
  if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) return s.unwrap() as z.ZodTypeAny;
  if (s instanceof z.ZodDefault) return s.removeDefault() as z.ZodTypeAny;
  if (s instanceof z.ZodEffects) return s.innerType() as z.ZodTypeAny;
  return s;
}
