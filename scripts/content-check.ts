// Checks a content folder (CONTENT_DIR, default seeds) with the API's own loader; one line per problem.
// Also checks that every id in published-ids.txt is still published; `-- --update-ids` adds newly published ids.
// Exits 1 when anything is wrong, else prints a one-line summary and exits 0. A published item that would share
// only the default image gets a note line, which does not fail the check (scripts/make-share-images.mjs makes one).
import fs from 'node:fs'
import path from 'node:path'
import { COLLECTIONS } from '../src/model/labels'
import { countItems, formatProblem, loadContent, type ContentItem } from '../server/content/load-content'
import { readTerms, TERMS_FILE } from '../server/newsroom/terms-check'
import { compareIds, idListPath, publishedIds, readIdList, writeIdList } from './published-ids'

const contentDir = process.env.CONTENT_DIR || 'seeds'
const updateIds = process.argv.includes('--update-ids')
const content = loadContent(contentDir)

for (const problem of content.problems) console.log(formatProblem(contentDir, problem))

// Not a problem (the check still passes): a published item shows the bureau's default share image, not its own
for (const collection of COLLECTIONS) {
  for (const item of content.items[collection] as ContentItem[]) {
    if (item.data.status !== 'published' || item.data.shareImage || item.shareImage !== 'share/default.png') continue
    console.log(
      `${path.join(contentDir, item.file)}: note: shares the default image: ` +
        'run node scripts/make-share-images.mjs to make its own',
    )
  }
}

// Published ids never disappear, but for those withdrawn (撤稿) by the newsroom: kept in withdrawn/<collection>/<id>.md
const listFile = idListPath(contentDir)
const listed = readIdList(listFile)
const compared = compareIds(listed ?? [], publishedIds(content))
const isWithdrawn = (id: string) => fs.existsSync(path.join(contentDir, 'withdrawn', `${id}.md`))
const gone = compared.gone.filter((id) => !isWithdrawn(id))
const { unlisted } = compared
for (const id of compared.gone.filter(isWithdrawn)) {
  console.log(`${path.join(contentDir, 'withdrawn', `${id}.md`)}: note: withdrawn (撤稿): answers 404, id kept`)
}
for (const id of gone) {
  console.log(
    `${listFile}: ${id}: was published and is no longer (share links may point at it): restore it, ` +
      'or remove its line deliberately and say why in the commit',
  )
}
let idProblems = gone.length
if (updateIds && (unlisted.length || listed === undefined)) {
  writeIdList(listFile, listed ?? [], unlisted)
  console.log(`${listFile}: added ${unlisted.length} newly published ids: ${unlisted.join(', ') || 'none'}`)
} else if (listed === undefined) {
  console.log(`${listFile}: is missing: run npm run content:check -- --update-ids and commit it`)
  idProblems++
} else if (unlisted.length) {
  console.log(
    `${listFile}: ${unlisted.length} published ids are not listed yet (${unlisted.join(', ')}): ` +
      'run npm run content:check -- --update-ids and commit it',
  )
  idProblems++
}

const perCollection = COLLECTIONS.map((collection) => `${content.items[collection].length} ${collection}`).join(', ')
// The newsroom's forbidden and mistaken terms (terms.yaml), when there is a list: it must be usable
const termsProblems = readTerms(contentDir).problems
for (const line of termsProblems) console.log(path.join(contentDir, line))

if (content.problems.length || idProblems || termsProblems.length) {
  const warnings = content.problems.filter((problem) => problem.severity === 'warning').length
  const ids =
    (idProblems ? `; ${idProblems} problems with published ids` : '') +
    (termsProblems.length ? `; ${termsProblems.length} problems in ${TERMS_FILE}` : '')
  console.log(
    `${contentDir}: ${content.problems.length} problems: ${content.invalid} invalid files left out, ` +
      `${warnings} warnings on served files; ${countItems(content)} items served (${perCollection})${ids}`,
  )
  process.exit(1)
}
const { synonyms = [], expand = {} } = content.dictionary
const dictionary =
  synonyms.length || Object.keys(expand).length
    ? ` and search.yaml (${synonyms.length} synonym groups, ${Object.keys(expand).length} one-way entries)`
    : ''
console.log(
  `${contentDir}: all good: ${countItems(content)} items (${perCollection}), site.yaml${dictionary ? ', ' : ' and '}` +
    `services.yaml${dictionary}`,
)
