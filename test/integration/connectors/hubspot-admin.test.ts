/**
 * The set-up calls `handoff install` makes, against the emulator: properties and their group
 * created once (read first), drift reported rather than overwritten, and the manual list.
 */
import type { HubSpotHarness } from './hubspot-harness';
import { startHubSpot } from './hubspot-harness';

let h: HubSpotHarness;
beforeEach(async () => {
  h = await startHubSpot({ bare: true, searchLagMs: 0 });
});
afterEach(() => h.close());

const spec = {
  name: 'handoff_status',
  label: 'Handoff status',
  type: 'enumeration' as const,
  fieldType: 'select' as const,
  groupName: 'handoff',
  options: [
    { value: 'ready', label: 'Ready' },
    { value: 'routed', label: 'Routed' },
  ],
};

it('ensurePropertyGroup and ensureProperty create once, then only read', async () => {
  expect(await h.hs.ensurePropertyGroup({ name: 'handoff', label: 'Handoff' })).toEqual({ created: true });
  expect(await h.hs.ensurePropertyGroup({ name: 'handoff', label: 'Handoff' })).toEqual({ created: false });
  const first = await h.hs.ensureProperty(spec);
  expect(first).toMatchObject({ created: true, drift: [], property: { name: 'handoff_status', type: 'enumeration', groupName: 'handoff' } });
  expect(first.property.options.map((o) => o.value)).toEqual(['ready', 'routed']);
  expect(await h.hs.ensureProperty(spec)).toMatchObject({ created: false, drift: [] });
  const counts = h.emu.callCounts().byRouteStatus;
  expect(Object.entries(counts).filter(([k]) => k.startsWith('POST'))).toEqual([
    ['POST /crm/v3/properties/:objectType/groups 201', 1],
    ['POST /crm/v3/properties/:objectType 201', 1],
  ]);
  expect((await h.hs.listProperties()).some((p) => p.name === 'handoff_status')).toBe(true);
});

it('reports how an existing property differs from the spec and leaves it alone', async () => {
  await h.hs.ensurePropertyGroup({ name: 'handoff', label: 'Handoff' });
  await h.hs.ensureProperty({ ...spec, options: [{ value: 'ready', label: 'Ready' }] });
  const again = await h.hs.ensureProperty({ ...spec, options: [...spec.options, { value: 'accepted', label: 'Accepted' }] });
  expect(again).toMatchObject({ created: false, drift: ['options missing: routed, accepted'] });
});

it('ensureManualList finds the list by name the second time; members are added and removed by id', async () => {
  const listId = await h.hs.ensureManualList('Handoff: returned leads');
  expect(await h.hs.ensureManualList('Handoff: returned leads')).toBe(listId);
  expect(h.emu.callCounts().byRoute['POST /crm/v3/lists']).toBe(1);
  const a = h.emu.createContact({ email: 'a@example.com' });
  const b = h.emu.createContact({ email: 'b@example.com' });
  expect(await h.hs.addToList(listId, [a.id, b.id, '999'])).toEqual({ added: [a.id, b.id], missing: ['999'] });
  expect(await h.hs.removeFromList(listId, [a.id])).toEqual({ removed: [a.id], missing: [] });
  expect([...h.emu.lists.get(listId).members.keys()]).toEqual([b.id]);
});
