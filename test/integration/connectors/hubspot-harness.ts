/** A HubSpot emulator on a real socket and Handoff's connector over the real SDK, on a ManualClock. */
import { ManualClock } from '../../../src/domain/clock';
import { HubSpotConnector, hubSpotClient } from '../../../src/connectors/hubspot';
import type { HubSpotLimiters } from '../../../src/connectors/hubspot';
import { DEFAULT_ACCESS_TOKEN, createHubSpotEmulator } from '../../../src/sandbox/hubspot';
import type { HubSpotEmulator, HubSpotEmulatorOptions, ListeningEmulator } from '../../../src/sandbox/hubspot';

export const T0 = '2026-03-02T14:00:00.000Z';

export interface HubSpotHarness {
  emu: HubSpotEmulator;
  clock: ManualClock;
  server: ListeningEmulator;
  hs: HubSpotConnector;
  /** Another connector on the same emulator, e.g. with limiters or another token. */
  connector(o?: { limiters?: HubSpotLimiters; token?: string; timeoutMs?: number }): HubSpotConnector;
  close(): Promise<void>;
}

export async function startHubSpot(opts: Partial<HubSpotEmulatorOptions> = {}): Promise<HubSpotHarness> {
  const clock = new ManualClock(T0);
  const emu = createHubSpotEmulator({ clock, ...opts });
  const server = await emu.listen(0);
  const connector = (o: { limiters?: HubSpotLimiters; token?: string; timeoutMs?: number } = {}): HubSpotConnector =>
    new HubSpotConnector({
      client: hubSpotClient({ accessToken: o.token ?? DEFAULT_ACCESS_TOKEN, basePath: server.url }),
      ...(o.limiters ? { limiters: o.limiters } : {}),
      ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
    });
  return { emu, clock, server, hs: connector(), connector, close: () => server.close() };
}
