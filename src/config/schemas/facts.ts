/**
 * Conditions on lead facts, shared by readiness.yaml, scoring.yaml and sla.yaml: the same
 * operators as routing.yaml (`field: value`, `field: [a, b]`, `field: { gte: 60 }`), keyed by a
 * routing field or a canonical field name from fields.yaml. Which names exist is a cross-check,
 * since fields.yaml decides the canonical names.
 */
import { z } from 'zod';
import { conditionSchema } from './routing';

export const factConditions = z.preprocess((v) => (v === null ? {} : v), z.record(z.string(), conditionSchema));

/** One named requirement: `{ name, require: { field: condition… }, message? }`. Its name is its reason code's detail. */
export const requirementSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case name (letters, digits and _), such as "documents_ready"'),
    require: factConditions,
    message: z.string().optional(),
  })
  .strict();

export type FactConditions = z.output<typeof factConditions>;
export type Requirement = z.output<typeof requirementSchema>;
