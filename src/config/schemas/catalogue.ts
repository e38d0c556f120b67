/** products.yaml and segments.yaml: what the bank sells, and to whom. */
import { z } from 'zod';
import { id, label, listOf, productLicense } from './common';

const hubspotValue = z.string().regex(/^[a-z0-9][a-z0-9_]*$/, 'a HubSpot option value: lower-case letters, digits and _');

export const familySchema = z.object({ id: id('family'), label }).strict();

export const productSchema = z
  .object({
    id: id('product'),
    family: id('family'),
    label,
    description: z.string().optional(),
    /** Segments this product is sold to; checked against segments.yaml. */
    segments: listOf(id('segment')),
    /** The RM must hold at least one of these (empty: no licence needed). */
    required_licenses: z.array(productLicense).default([]),
    salesforce_value: label,
    hubspot_value: hubspotValue,
  })
  .strict();

export const productsFileSchema = z
  .object({
    families: z.array(familySchema).min(1),
    products: z.array(productSchema).min(1),
  })
  .strict();

export const segmentSchema = z
  .object({
    id: id('segment'),
    label,
    description: z.string().optional(),
    salesforce_value: label,
    hubspot_value: hubspotValue,
  })
  .strict();

export const segmentsFileSchema = z.object({ segments: z.array(segmentSchema).min(1) }).strict();

export type ProductFamily = z.output<typeof familySchema>;
export type Product = z.output<typeof productSchema>;
export type ProductsConfig = z.output<typeof productsFileSchema>;
export type Segment = z.output<typeof segmentSchema>;
export type SegmentsConfig = z.output<typeof segmentsFileSchema>;
