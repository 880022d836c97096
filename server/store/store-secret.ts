// Secrets of one database, kept in table meta: made (32 random bytes) by whichever process needs one first, then read
// by every replica and worker on that database, and the same after a restart. Nothing needs configuring: the
// preview links' signing key (newsroom/preview-links.ts) and the key of the login throttle's hashes
// (staff/staff-store.ts, unless STAFF_ADDRESS_KEY is set).
import { randomBytes } from 'node:crypto'
import type { Store } from './database'

const secrets = new WeakMap<Store, Map<string, Promise<Buffer>>>()

/** The secret `name` (a key of table meta) of this store: made once, if missing, and the same ever after. */
export function storeSecret(store: Store, name: string): Promise<Buffer> {
  let ofStore = secrets.get(store)
  if (!ofStore) secrets.set(store, (ofStore = new Map()))
  let secret = ofStore.get(name)
  if (!secret) {
    const kept = ofStore
    secret = (async () => {
      await store.ready()
      // Two processes racing: one insert wins, and both read the winner's
      await store.db
        .insertInto('meta')
        .values({ key: name, value: randomBytes(32).toString('hex') })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .execute()
      const row = await store.db.selectFrom('meta').select('value').where('key', '=', name).executeTakeFirstOrThrow()
      return Buffer.from(row.value, 'hex')
    })()
    // A failure (database unreachable) is not kept: the next call tries again
    secret.catch(() => kept.delete(name))
    kept.set(name, secret)
  }
  return secret
}
