// Names for the people of the account, by user id: votes, approval
// transitions and some audit records name a person only by id
// (`user:<id>`). Fetched once per session, and only when the signed-in
// person may read people (members.read); otherwise ids stay ids.
import { api } from './api.js';
import { can, onAuthChange } from './auth.js';

let cache = null;
onAuthChange(() => {
  cache = null;
});

/** Resolves with a Map of user id → name (or email). Never rejects. */
export function loadPeople() {
  if (!cache) {
    cache = can('members.read')
      ? api('/api/v1/users')
          .then((a) => new Map((a.users || []).map((u) => [u.id, u.name || u.email])))
          .catch(() => new Map())
      : Promise.resolve(new Map());
  }
  return cache;
}
