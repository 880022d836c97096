// SQLite: reach events are written on a thread of their own, with a connection of their own to the same file.
//
// Why: better-sqlite3 is synchronous, so with synchronous=FULL every insert's fsync stopped the event loop, and every
// public read with it (bench:events measured detail reads at 0.76× of idle while events came in at ~950/s, and
// almost none while ingest ran flat out). On this thread the fsync waits alone.
//
// Group commit: the batches that arrive while one transaction is being written go together in the next one (one
// fsync for all of them); each batch still gets its own count of new rows. If a group's transaction fails, each
// batch of it is tried alone, so one batch cannot fail the others. A batch's promise resolves only once its
// transaction is committed (WAL, synchronous=FULL): what the route answers 202 for is durable.
import { Worker } from 'node:worker_threads'
import type { EventRow } from './database'

/** Columns in the order the worker binds them. */
const COLUMNS = [
  'id',
  'type',
  'at',
  'day',
  'visitor',
  'collection',
  'item_id',
  'page',
  'scene',
  'share_id',
  'from_share_id',
  'q',
  'received_at',
] as const satisfies readonly (keyof EventRow)[]

// The worker, as plain CommonJS run with `eval`: the same source under tsx, jest and the compiled API.
const WORKER_SOURCE = `
'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const Sqlite = require(workerData.driver)
const db = new Sqlite(workerData.file, { timeout: workerData.busyTimeoutMs })
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
const columns = workerData.columns
const insert = db.prepare(
  'insert into events (' + columns.join(', ') + ') values (' + columns.map(() => '?').join(', ') + ') ' +
    'on conflict (id) do nothing',
)
const markDirty = db.prepare(
  'insert into reach_days (day, dirty) values (?, 1) on conflict (day) do update set dirty = 1',
)
const one = (batch) => {
  let inserted = 0
  for (const row of batch.rows) inserted += insert.run(row).changes
  for (const day of batch.late) markDirty.run(day)
  return inserted
}
const all = db.transaction((batches) => batches.map(one))
const alone = db.transaction(one)
parentPort.on('message', (batches) => {
  try {
    parentPort.postMessage(all(batches).map((inserted) => ({ inserted })))
  } catch {
    parentPort.postMessage(
      batches.map((batch) => {
        try {
          return { inserted: alone(batch) }
        } catch (error) {
          return { error: String((error && error.message) || error) }
        }
      }),
    )
  }
})
`

interface Batch {
  rows: unknown[][]
  late: string[]
  resolve: (inserted: number) => void
  reject: (error: Error) => void
}

export class SqliteEventWriter {
  private worker: Worker | undefined
  private waiting: Batch[] = []
  private inFlight: Batch[] | undefined
  private closed = false

  constructor(
    private readonly file: string,
    private readonly busyTimeoutMs: number,
  ) {}

  /** Stores the rows not stored yet; resolves once committed, to how many were new. `late`: days to re-roll. */
  insert(rows: EventRow[], late: string[]): Promise<number> {
    if (this.closed) return Promise.reject(new Error('The events store is closed'))
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows: rows.map((row) => COLUMNS.map((column) => row[column])), late, resolve, reject })
      this.send()
    })
  }

  private start(): Worker {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file: this.file,
        busyTimeoutMs: this.busyTimeoutMs,
        columns: COLUMNS,
      },
    })
    // Waiting for a commit keeps the process alive through the promise's caller, not through the thread
    worker.unref()
    worker.on('message', (answers: { inserted?: number; error?: string }[]) => {
      const group = this.inFlight ?? []
      this.inFlight = undefined
      group.forEach((batch, index) => {
        const answer = answers[index]
        if (answer && typeof answer.inserted === 'number') batch.resolve(answer.inserted)
        else batch.reject(new Error(answer?.error ?? 'The events writer gave no answer'))
      })
      this.send()
    })
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined
      const group = this.inFlight ?? []
      this.inFlight = undefined
      for (const batch of group) batch.reject(error)
      // The next insert starts a new thread (the database may be back)
      if (!this.closed) this.send()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`The events writer stopped (exit code ${code})`)))
    return worker
  }

  private send(): void {
    if (this.inFlight || this.waiting.length === 0) return
    if (this.closed) {
      for (const batch of this.waiting.splice(0)) batch.reject(new Error('The events store is closed'))
      return
    }
    this.worker ??= this.start()
    this.inFlight = this.waiting
    this.waiting = []
    this.worker.postMessage(this.inFlight.map(({ rows, late }) => ({ rows, late })))
  }

  /** Lets the transaction being written finish, then stops the thread; later inserts are refused. */
  async close(): Promise<void> {
    this.closed = true
    while (this.inFlight) await new Promise((resolve) => setTimeout(resolve, 5))
    for (const batch of this.waiting.splice(0)) batch.reject(new Error('The events store is closed'))
    const worker = this.worker
    this.worker = undefined
    if (worker) await worker.terminate()
  }
}
