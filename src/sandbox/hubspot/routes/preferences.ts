/** `/communication-preferences/v3`: subscription types, an email's statuses, subscribe and unsubscribe. */
import { SCOPES } from '../auth';
import type { RouteDef } from '../http-app';
import { sendJson } from '../wire';
import type { RouteContext } from './context';

const BASE = '/communication-preferences/v3';

export function preferenceRoutes(ctx: RouteContext): RouteDef[] {
  const read = SCOPES.communicationPreferencesRead;
  const write = SCOPES.communicationPreferencesWrite;
  const prefs = ctx.preferences;
  return [
    {
      method: 'get', path: `${BASE}/definitions`, scope: read, limit: 'standard',
      handle: (_req, res) => sendJson(res, 200, { subscriptionDefinitions: prefs.definitions() }),
    },
    {
      method: 'get', path: `${BASE}/status/email/:emailAddress`, scope: read, limit: 'standard',
      handle: (req, res) => {
        const email = String(req.params['emailAddress']);
        sendJson(res, 200, { recipient: email, subscriptionStatuses: prefs.statusesOf(email) });
      },
    },
    { method: 'post', path: `${BASE}/unsubscribe`, scope: write, limit: 'standard', handle: (req, res) => sendJson(res, 200, prefs.unsubscribe(req.body)) },
    { method: 'post', path: `${BASE}/subscribe`, scope: write, limit: 'standard', handle: (req, res) => sendJson(res, 200, prefs.subscribe(req.body)) },
  ];
}
