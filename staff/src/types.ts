// The answers of the staff API as /work/notes/reach-contract.md describes them (server/staff). Fields the server
// adds later are optional here, so the dashboard shows "—" rather than a figure of its own while they are missing.

export type Role = 'province' | 'city'

export interface Me {
  username: string
  role: Role
  region: string
  /** The account's region by name (江苏省, 南京市) */
  regionName?: string
  /** Every region of site.yaml by name, for words such as an audit entry's 地区 */
  regions?: { id: string; name: string }[]
  /** Set when the server runs on demo data (npm start -- --demo): what the banner says */
  demo?: string | null
  csrfToken: string
}

export interface Figures {
  views: number
  visitors: number
  shares: number
  shareOpens: number
  videoPlays: number
  videoCompletes: number
  hotlineTaps: number
  channelOpens: number
  searchesWithoutResult: number
}

export interface Derived {
  /** shareOpens / shares: opens per share (no rate: a share may be opened many times); null when shares = 0 */
  opensPerShare?: number | null
  /** videoCompletes / videoPlays; null when videoPlays = 0 */
  completionRate?: number | null
  /** the longest chain share → open → share … (number of shares in it) */
  shareDepth?: number
}

export type Day = Figures & { day: string }

export type ItemRow = Figures &
  Derived & {
    collection: string
    itemId: string
    title?: string
    /** a region id of site.yaml */
    publisher?: string
    index?: number
    peak?: { day: string; visitors: number } | null
  }

export type RegionRow = Figures &
  Derived & {
    id: string
    name: string
    kind: string
    rank?: number
    items?: number
    index?: number
  }

export interface Reach {
  from: string
  to: string
  region?: string | null
  generated?: string | null
  totals: Figures & Derived & { items?: number; index?: number }
  days: Day[]
  items: ItemRow[]
  regions: RegionRow[]
  searches?: { q: string; count: number }[]
  updatedAt?: number
  /** The period's day still under way (today) and the moment its figures are as of */
  partial?: { day: string; asOf: number } | null
}

export interface ReachParams {
  from: string
  to: string
  collection: string
  region: string
}
