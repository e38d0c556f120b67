import fc from 'fast-check';
import { codes } from 'zipcodes';
import {
  buildBranchIndex,
  haversineMiles,
  lookupUsZip,
  parseUsZip,
  type GeoPoint,
  type NearbyBranch,
} from '../../../../src/domain/geo';

const pointOf = (zip: string): GeoPoint => {
  const r = lookupUsZip(zip);
  if (!r.ok) throw new Error(`fixture ZIP ${zip} not found`);
  return r.point;
};

describe('ZIP lookup', () => {
  it.each([
    ['10001', 'New York', 'NY'],
    ['60601', 'Chicago', 'IL'],
    ['80202', 'Denver', 'CO'],
    ['85004', 'Phoenix', 'AZ'],
    ['90012', 'Los Angeles', 'CA'],
    [' 10001-2345 ', 'New York', 'NY'],
  ])('finds %s in %s, %s', (zip, city, state) => {
    expect(lookupUsZip(zip)).toMatchObject({ ok: true, zip5: zip.trim().slice(0, 5), city, state });
  });

  it.each([
    ['1000', 'ZIP_INVALID'],
    ['ABCDE', 'ZIP_INVALID'],
    ['10001-12', 'ZIP_INVALID'],
    ['T0A', 'ZIP_INVALID'], // a Canadian forward sortation area is in the database but not a US ZIP
    ['00000', 'ZIP_UNKNOWN'],
    ['34001', 'ZIP_NO_LOCATION'], // APO Americas: real, but no coordinates
  ])('reports %s as %s', (zip, error) => {
    const r = lookupUsZip(zip);
    expect(r).toMatchObject({ ok: false, error });
    if (!r.ok) expect(r.message).not.toContain(zip);
  });

  it('parses ZIP+4 in its usual spellings', () => {
    expect(parseUsZip('100011234')).toEqual({ ok: true, zip5: '10001', plus4: '1234' });
    expect(parseUsZip('10001 1234')).toEqual({ ok: true, zip5: '10001', plus4: '1234' });
    expect(parseUsZip('10001')).toEqual({ ok: true, zip5: '10001', plus4: null });
  });
});

describe('haversineMiles', () => {
  // Reference distances between ZIP centroids from the zipcodes package's own (rounded) formula.
  it.each([
    ['10001', '60601', 710],
    ['80202', '85004', 585],
    ['85004', '90012', 357],
    ['10001', '90012', 2445],
  ])('%s to %s is about %i miles', (a, b, miles) => {
    expect(Math.abs(haversineMiles(pointOf(a), pointOf(b)) - miles)).toBeLessThan(2);
  });

  it('is symmetric and zero on the same point', () => {
    expect(haversineMiles(pointOf('10001'), pointOf('10001'))).toBe(0);
    expect(haversineMiles(pointOf('10001'), pointOf('90012'))).toBeCloseTo(haversineMiles(pointOf('90012'), pointOf('10001')), 9);
  });
});

describe('branch index', () => {
  const branches = [
    { id: 'nyc-chelsea', zip: '10001' },
    { id: 'nyc-les', zip: '10002' },
    { id: 'nyc-fidi', zip: '10004' },
    { id: 'chi-loop', zip: '60601' },
    { id: 'den-downtown', zip: '80202' },
    { id: 'phx-downtown', zip: '85004' },
    { id: 'la-dtla', zip: '90012' },
    { id: 'ghost', zip: '00000' },
    { id: 'typo', zip: '9001' },
    { id: 'nyc-chelsea', zip: '90012' },
  ];
  const index = buildBranchIndex(branches);

  it('reports branches it could not place, as values', () => {
    expect(index.size).toBe(7);
    expect(index.skipped.map((s) => [s.id, s.error])).toEqual([
      ['ghost', 'ZIP_UNKNOWN'],
      ['typo', 'ZIP_INVALID'],
      ['nyc-chelsea', 'DUPLICATE_ID'],
    ]);
  });

  it('finds the nearest branches within the radius, closest first', () => {
    const r = index.nearest('10003', { radiusMiles: 10, max: 5 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.branches.map((b) => b.id)).toEqual(['nyc-les', 'nyc-chelsea', 'nyc-fidi']);
    expect(r.branches.every((b) => b.miles < 3)).toBe(true);
  });

  it('honours max and the radius', () => {
    const near = index.nearest('85004', { radiusMiles: 400, max: 1 });
    expect(near).toMatchObject({ ok: true, branches: [{ id: 'phx-downtown', miles: 0 }] });
    const wide = index.nearest('85004', { radiusMiles: 600 });
    expect(wide.ok && wide.branches.map((b) => b.id)).toEqual(['phx-downtown', 'la-dtla', 'den-downtown']);
    const none = index.nearest('99501', { radiusMiles: 100 });
    expect(none).toMatchObject({ ok: true, branches: [] });
  });

  it('reports an unknown or malformed lead ZIP as a value', () => {
    expect(index.nearest('00000', { radiusMiles: 50 })).toMatchObject({ ok: false, error: 'ZIP_UNKNOWN' });
    expect(index.nearest('n/a', { radiusMiles: 50 })).toMatchObject({ ok: false, error: 'ZIP_INVALID' });
  });

  it('breaks distance ties by id, even when max cuts through the tie', () => {
    const same = buildBranchIndex(['c', 'a', 'd', 'b'].map((id) => ({ id, zip: '60601' })));
    expect(same.nearest('60601', { radiusMiles: 1, max: 2 })).toMatchObject({ ok: true, branches: [{ id: 'a' }, { id: 'b' }] });
  });

  it('answers empty from an empty index', () => {
    expect(buildBranchIndex([]).nearest('10001', { radiusMiles: 3000 })).toEqual({ ok: true, origin: pointOf('10001'), branches: [] });
  });
});

describe('branch index matches a brute-force scan', () => {
  const located = Object.values(codes).filter((c) => c.country === 'US' && !(c.latitude === 0 && c.longitude === 0));
  const zipArb = fc.integer({ min: 0, max: located.length - 1 }).map((i) => located[i]!.zip);

  const bruteForce = (origin: GeoPoint, all: { id: string; point: GeoPoint }[], radius: number, max: number): NearbyBranch[] =>
    all
      .map((b) => ({ id: b.id, miles: haversineMiles(origin, b.point) }))
      .filter((b) => b.miles <= radius)
      .sort((a, b) => a.miles - b.miles || (a.id < b.id ? -1 : 1))
      .slice(0, max);

  it('sorted by distance, all within the radius, same as scanning every branch', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(zipArb, { minLength: 1, maxLength: 150 }),
        zipArb,
        fc.integer({ min: 1, max: 1500 }),
        fc.integer({ min: 1, max: 20 }),
        (zips, leadZip, radiusMiles, max) => {
          const all = zips.map((zip, i) => ({ id: `b${i}`, zip, point: pointOf(zip) }));
          const r = buildBranchIndex(all).nearest(leadZip, { radiusMiles, max });
          if (!r.ok) throw new Error('lead ZIP came from the database');
          for (let i = 1; i < r.branches.length; i++) {
            expect(r.branches[i]!.miles).toBeGreaterThanOrEqual(r.branches[i - 1]!.miles);
          }
          expect(r.branches.every((b) => b.miles <= radiusMiles)).toBe(true);
          expect(r.branches).toEqual(bruteForce(pointOf(leadZip), all, radiusMiles, max));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('agrees with the scan on dense clusters with many ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('10001', '10002', '10003', '10004', '07030', '11201'), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        (zips, max) => {
          const all = zips.map((zip, i) => ({ id: `b${String(i).padStart(2, '0')}`, zip, point: pointOf(zip) }));
          const r = buildBranchIndex(all).nearest('10001', { radiusMiles: 5, max });
          expect(r.ok && r.branches).toEqual(bruteForce(pointOf('10001'), all, 5, max));
        },
      ),
      { numRuns: 200 },
    );
  });
});
