// Staff accounts from the command line, in the API's database (DATABASE_URL, else SQLite in DATA_DIR):
//   npm run staff -- add <username> --role province|city [--region <city region id>] [--can-review | --review-steps 初审,复审]
//   npm run staff -- grant <username> --can-review | --review-steps 初审,复审   (newsroom review steps)
//   npm run staff -- revoke <username>                                          (no review steps any more)
//   npm run staff -- disable <username>
//   npm run staff -- reset <username>                                           (also lifts its login throttle)
//   npm run staff -- unlock <username>                                          (lifts its login throttle)
//   npm run audit:verify            (the same as: npm run staff -- verify-audit)
// Passwords come from STAFF_PASSWORD, else are asked on the terminal without echo. Regions are those of
// CONTENT_DIR/site.yaml (default seeds). Every change is written to the audit log, actor `cli:<OS user>`. The
// throttle's key is the API's: STAFF_ADDRESS_KEY when set (give the CLI the same), else the database's.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import YAML from 'yaml'
import { chainFor } from '../server/newsroom/policy'
import { Store } from '../server/store/database'
import {
  checkPassword,
  StaffStore,
  USERNAME_PATTERN,
  verifyAuditChain,
  type StaffRole,
} from '../server/staff/staff-store'
import { COLLECTIONS } from '../src/model/labels'
import type { SiteSettings } from '../src/model/site'

const USAGE = `usage: npm run staff -- add <username> --role province|city [--region <region id>] [--can-review | --review-steps <steps>]
       npm run staff -- grant <username> --can-review | --review-steps <steps, e.g. 初审,复审>
       npm run staff -- revoke <username>
       npm run staff -- disable <username>
       npm run staff -- reset <username>
       npm run staff -- unlock <username>
       npm run staff -- verify-audit`

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name)
  if (index === -1) return undefined
  const value = args[index + 1]
  if (!value || value.startsWith('--')) throw new UsageError(`${name} needs a value`)
  return value
}

function regions(): { province: string; regions: { id: string; kind: string }[] } {
  const contentDir = process.env.CONTENT_DIR?.trim() || 'seeds'
  const site = YAML.parse(fs.readFileSync(path.join(contentDir, 'site.yaml'), 'utf8')) as {
    province: string
    regions: { id: string; kind: string }[]
  }
  return site
}

/**
 * Newsroom review steps from --can-review (any step: '*') or --review-steps 初审,复审 (those only); '' for none.
 * Step names are those of site.yaml's reviewChains (default 初审, 复审, 终审); a name in no chain is refused.
 */
function reviewStepsOption(args: string[], required: boolean): string {
  const any = args.includes('--can-review')
  const listed = option(args, '--review-steps')
  if (any && listed !== undefined) throw new UsageError('give --can-review or --review-steps, not both')
  if (any) return '*'
  if (listed === undefined) {
    if (required) throw new UsageError('grant needs --can-review (any step) or --review-steps <steps>')
    return ''
  }
  const steps = [...new Set(listed.split(/[,，]/).map((step) => step.trim()))].filter(Boolean)
  const site = YAML.parse(fs.readFileSync(path.join(contentFolder(), 'site.yaml'), 'utf8')) as SiteSettings
  const known = new Set(COLLECTIONS.flatMap((collection) => chainFor(site, collection)))
  const unknown = steps.filter((step) => !known.has(step))
  if (steps.length === 0 || unknown.length) {
    throw new UsageError(`--review-steps takes steps of the review chains (${[...known].join(', ')})`)
  }
  return steps.join(',')
}

const contentFolder = () => process.env.CONTENT_DIR?.trim() || 'seeds'

/** STAFF_PASSWORD, else asked twice on the terminal with echo off. */
async function password(): Promise<string> {
  const given = process.env.STAFF_PASSWORD
  const chosen = given ?? (await ask('Password: '))
  if (given === undefined && chosen !== (await ask('Again: '))) throw new UsageError('the two passwords differ')
  const problem = checkPassword(chosen)
  if (problem) throw new UsageError(problem)
  return chosen
}

function ask(prompt: string): Promise<string> {
  const stdin = process.stdin
  if (!stdin.isTTY) throw new UsageError('set STAFF_PASSWORD, or run this on a terminal to be asked')
  process.stdout.write(prompt)
  return new Promise((resolve, reject) => {
    let typed = ''
    stdin.setRawMode(true)
    stdin.resume()
    stdin.setEncoding('utf8')
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          finish()
          return resolve(typed)
        }
        if (char === '\u0003') {
          finish()
          return reject(new UsageError('cancelled'))
        }
        if (char === '\u007f') typed = typed.slice(0, -1)
        else typed += char
      }
    }
    const finish = () => {
      stdin.off('data', onData)
      stdin.setRawMode(false)
      stdin.pause()
      process.stdout.write('\n')
    }
    stdin.on('data', onData)
  })
}

async function main(args: string[]): Promise<number> {
  const [command, username] = args
  const store = await Store.open({
    databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
    dataDir: process.env.DATA_DIR?.trim() || 'data',
  })
  try {
    const staff = new StaffStore(store, Date.now, process.env.STAFF_ADDRESS_KEY?.trim() || undefined)
    const actor = `cli:${os.userInfo().username}`
    if (command === 'verify-audit') {
      const result = verifyAuditChain(await staff.auditEntries())
      if (result.ok) console.log(`audit log intact: ${result.entries} entries`)
      else console.error(`audit log BROKEN at entry ${result.brokenAt}: ${result.reason}`)
      return result.ok ? 0 : 1
    }
    if (!username || !USERNAME_PATTERN.test(username)) {
      throw new UsageError('a username: 3–40 characters, lower-case letters, digits, dot, dash, underscore')
    }
    if (command === 'add') {
      const role = option(args, '--role')
      if (role !== 'province' && role !== 'city') throw new UsageError('--role province or --role city')
      const site = regions()
      let region = option(args, '--region')
      if (role === 'city') {
        if (!site.regions.some((r) => r.id === region && r.kind === 'city')) {
          throw new UsageError(
            `a city account needs --region with a city of site.yaml (${site.regions
              .filter((r) => r.kind === 'city')
              .map((r) => r.id)
              .join(', ')})`,
          )
        }
      } else {
        if (region !== undefined && region !== site.province)
          throw new UsageError('a province account takes no --region')
        region = site.province
      }
      if (await staff.find(username)) throw new UsageError(`${username} exists already`)
      const reviewSteps = reviewStepsOption(args, false)
      await staff.add(username, await password(), role as StaffRole, region!, actor, reviewSteps)
      console.log(`added ${username} (${role}, ${region}${reviewSteps ? `, reviews ${reviewSteps}` : ''})`)
      return 0
    }
    if (command === 'grant' || command === 'revoke') {
      const reviewSteps = command === 'grant' ? reviewStepsOption(args, true) : ''
      if (!(await staff.setReviewSteps(username, reviewSteps, actor))) throw new UsageError(`no account ${username}`)
      console.log(reviewSteps ? `${username} may review: ${reviewSteps}` : `${username} may no longer review`)
      return 0
    }
    if (command === 'disable') {
      if (!(await staff.disable(username, actor))) throw new UsageError(`no account ${username}`)
      console.log(`disabled ${username}; its sessions ended`)
      return 0
    }
    if (command === 'reset') {
      if (!(await staff.find(username))) throw new UsageError(`no account ${username}`)
      await staff.reset(username, await password(), actor)
      console.log(`new password for ${username}; its sessions ended, its login throttle lifted`)
      return 0
    }
    if (command === 'unlock') {
      const failures = await staff.unlock(username, actor)
      if (failures === undefined) throw new UsageError(`no account ${username}`)
      console.log(`unlocked ${username}: ${failures} failed logins forgotten`)
      return 0
    }
    throw new UsageError(`unknown command ${command ?? ''}`)
  } finally {
    await store.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) console.error(`staff: ${error.message}\n${USAGE}`)
    else console.error(error)
    process.exit(error instanceof UsageError ? 2 : 1)
  },
)
