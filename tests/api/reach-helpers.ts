// Stores for the reach tests: SQLite in a temporary folder and, when TEST_DATABASE_URL (or DATABASE_URL) is set,
// PostgreSQL in a database of its own, made here and dropped after the file's tests, so other test files' events
// (the same days around FIXED_NOW) do not mix into exact figures.
import { randomUUID } from 'node:crypto'
import { Client } from 'pg'
import { Store } from '../../server/store/database'
import { PG_URL, SQLITE } from './events-helpers'

export interface ReachStoreKind {
  name: 'sqlite' | 'postgres'
  open(): Promise<Store>
  /** Closes the stores opened and drops the PostgreSQL databases made. */
  cleanUp(): Promise<void>
}

function sqliteKind(): ReachStoreKind {
  const opened: Store[] = []
  return {
    name: 'sqlite',
    async open() {
      const store = await SQLITE.open()
      opened.push(store)
      return store
    },
    async cleanUp() {
      for (const store of opened.splice(0)) await store.close()
    },
  }
}

function postgresKind(url: string): ReachStoreKind {
  const made: { name: string; store: Store }[] = []
  const admin = async <T>(work: (client: Client) => Promise<T>) => {
    const client = new Client({ connectionString: url })
    await client.connect()
    try {
      return await work(client)
    } finally {
      await client.end()
    }
  }
  return {
    name: 'postgres',
    async open() {
      const name = `shijian_reach_${randomUUID().replace(/-/g, '').slice(0, 16)}`
      await admin((client) => client.query(`create database ${name}`))
      const own = new URL(url)
      own.pathname = `/${name}`
      const store = await Store.open({ databaseUrl: own.toString() })
      made.push({ name, store })
      return store
    },
    async cleanUp() {
      for (const { store } of made) await store.close()
      await admin(async (client) => {
        for (const { name } of made.splice(0)) await client.query(`drop database if exists ${name} with (force)`)
      })
    },
  }
}

/** SQLite always; PostgreSQL when a URL is given (under CI it must be: events-helpers.ts). */
export function reachStoreKinds(): ReachStoreKind[] {
  if (PG_URL) return [sqliteKind(), postgresKind(PG_URL)]
  return [sqliteKind()]
}
