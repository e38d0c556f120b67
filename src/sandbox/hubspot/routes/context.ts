import type { Clock } from '../../../domain/clock';
import type { ContactBatches } from '../contacts/batch';
import type { ReadShape } from '../contacts/serialize';
import type { ContactService } from '../contacts/service';
import type { WriteSource } from '../contacts/types';
import type { ListStore } from '../lists/store';
import type { PreferencesStore } from '../preferences/store';
import type { PropertyStore } from '../properties/store';

/** What the route files close over: the emulator's state, never a global. */
export interface RouteContext {
  clock: Clock;
  contacts: ContactService;
  batches: ContactBatches;
  properties: PropertyStore;
  lists: ListStore;
  preferences: PreferencesStore;
  /** How writes made through the API are attributed (the private app). */
  apiSource: WriteSource;
  shape: (properties?: string[], propertiesWithHistory?: string[]) => ReadShape;
}
