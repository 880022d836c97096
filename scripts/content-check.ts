// Checks a content folder (CONTENT_DIR, default seeds) with the API's own loader; one line per problem.
// Exits 1 when anything is wrong, else prints a one-line summary and exits 0.
import { COLLECTIONS } from '../src/model/labels'
import { countItems, formatProblem, loadContent } from '../server/content/load-content'

const contentDir = process.env.CONTENT_DIR || 'seeds'
const content = loadContent(contentDir)

for (const problem of content.problems) console.log(formatProblem(contentDir, problem))

const perCollection = COLLECTIONS.map((collection) => `${content.items[collection].length} ${collection}`).join(', ')
if (content.problems.length) {
  const warnings = content.problems.filter((problem) => problem.severity === 'warning').length
  console.log(
    `${contentDir}: ${content.problems.length} problems: ${content.invalid} invalid files left out, ` +
      `${warnings} warnings on served files; ${countItems(content)} items served (${perCollection})`,
  )
  process.exit(1)
}
console.log(`${contentDir}: all good: ${countItems(content)} items (${perCollection}), site.yaml and services.yaml`)
