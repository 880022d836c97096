// The mark of a demo store: `npm start -- --demo` (scripts/demo.ts) writes the row 'demo' in table meta of the
// demo's own database, with the words the staff app shows in its 演示数据 banner; GET /api/v1/staff/me passes them on
// as `demo`. A store without the row is not a demo (null).
import type { Store } from '../store/database'

export const DEMO_KEY = 'demo'

/** The demo's description, or null when the store holds no demo mark. */
export async function demoMark(store: Store): Promise<string | null> {
  const row = await store.db.selectFrom('meta').select('value').where('key', '=', DEMO_KEY).executeTakeFirst()
  return row?.value ?? null
}
