// The zipcodes package ships no types; this covers the part Handoff uses.
declare module 'zipcodes' {
  interface ZipCodeRecord {
    zip: string;
    latitude: number;
    longitude: number;
    city: string;
    state: string;
    country: string;
  }
  export const codes: Record<string, ZipCodeRecord>;
  export function lookup(zip: string): ZipCodeRecord | undefined;
  export function distance(zipA: string, zipB: string): number | null;
  export function radius(zip: string, miles: number, full?: boolean): string[] | ZipCodeRecord[];
}
